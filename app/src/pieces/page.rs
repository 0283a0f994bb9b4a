//! `/pieces/{slug}`: the gallery, price, materials and the provenance of one piece.

use super::{PieceDetail, Price, Sale};
use crate::error::AppError;
use crate::layout::{error_page, load_from_address, when_loaded};
use crate::provenance::ProvenanceSection;
use crate::shared::{ImageRef, JsonLd, PageMeta, ResponsiveImage, absolute_url};
use leptos::prelude::*;

#[server(endpoint = "piece-detail")]
pub async fn load_piece_detail(slug: String) -> Result<PieceDetail, AppError> {
    let slug = crate::shared::Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    crate::shared::store()?
        .piece_detail(slug.as_str())
        .await?
        .ok_or(AppError::NotFound)
}

/// schema.org `Product` with its `Offer`: material, country of origin, the sourcing
/// certifications, and `MadeToOrder` availability where the piece is made to order.
fn product_json(piece: &PieceDetail) -> String {
    let url = absolute_url(&format!("/pieces/{}", piece.slug));
    let mut offer = serde_json::json!({ "@type": "Offer", "url": url });
    match &piece.price {
        Price::Fixed(money) => {
            offer["price"] = money.decimal().into();
            offer["priceCurrency"] = money.currency().code().into();
            offer["availability"] = match piece.sale() {
                Sale::Sold => "https://schema.org/SoldOut",
                _ => "https://schema.org/InStock",
            }
            .into();
        }
        Price::MadeToOrder { from } => {
            offer["availability"] = "https://schema.org/MadeToOrder".into();
            if let Some(from) = from {
                offer["priceSpecification"] = serde_json::json!({
                    "@type": "PriceSpecification",
                    "minPrice": from.decimal(),
                    "priceCurrency": from.currency().code(),
                });
            }
            if let Some(weeks) = piece.maker.commissions.lead_time_weeks {
                offer["deliveryLeadTime"] = serde_json::json!({
                    "@type": "QuantitativeValue",
                    "value": weeks,
                    "unitCode": "WEE",
                });
            }
        }
    }
    let made_in = piece
        .disclosure
        .as_ref()
        .map_or(piece.maker.location.country.name(), |d| {
            d.making.made_in.value.name()
        });
    let certifications: Vec<_> = piece
        .disclosure
        .iter()
        .flat_map(|d| &d.metals)
        .filter_map(|metal| metal.scheme.as_ref())
        .map(|scheme| {
            serde_json::json!({
                "@type": "Certification",
                "name": scheme.value.scheme.label(),
                "certificationIdentification": scheme.value.certificate,
            })
        })
        .collect();
    let mut product = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": piece.title,
        "description": piece.description,
        "url": url,
        "image": piece.images.iter().map(|i| absolute_url(&i.url())).collect::<Vec<_>>(),
        "material": piece.materials(),
        "countryOfOrigin": {
            "@type": "Country",
            "name": made_in,
        },
        "manufacturer": {
            "@type": "Person",
            "name": piece.maker.display_name,
            "url": absolute_url(&format!("/makers/{}", piece.maker.slug)),
        },
        "offers": offer,
    });
    if !certifications.is_empty() {
        product["hasCertification"] = certifications.into();
    }
    product.to_string()
}

#[component]
pub fn PiecePage() -> impl IntoView {
    let piece = load_from_address("slug", load_piece_detail);

    view! {
        {when_loaded(piece, None, |piece, _| view! { <PieceView piece/> }, error_page)}
    }
}

/// Photos side by side in a scroll-snapping strip: swipe on touch, arrow keys once
/// the strip has focus, and numbered links to each photo. No script needed.
#[component]
fn Gallery(title: String, images: Vec<ImageRef>) -> impl IntoView {
    let count = images.len();
    let thumbs = (count > 1).then(|| {
        view! {
            <ol class="gallery__thumbs">
                {images.iter().enumerate().map(|(index, image)| view! {
                    <li>
                        <a href=format!("#photo-{}", index + 1) aria-label=format!("Photo {} of {count}", index + 1)>
                            <ResponsiveImage image=image.clone() sizes="4rem" decorative=true/>
                        </a>
                    </li>
                }).collect_view()}
            </ol>
        }
    });
    view! {
        <section class="gallery" aria-label="Photos">
            <div
                class="gallery__track"
                tabindex="0"
                role="group"
                aria-label=format!("Photos of {title}: {count}, scroll sideways for more")
            >
                {images.into_iter().enumerate().map(|(index, image)| view! {
                    <figure class="gallery__slide" id=format!("photo-{}", index + 1)>
                        <ResponsiveImage
                            image
                            sizes="(min-width: 56rem) 50vw, 100vw"
                            eager=index == 0
                        />
                    </figure>
                }).collect_view()}
            </div>
            {thumbs}
        </section>
    }
}

#[component]
fn PieceView(piece: PieceDetail) -> impl IntoView {
    let json = product_json(&piece);
    let materials = piece.materials();
    let path = format!("/pieces/{}", piece.slug);
    let piece_slug = piece.slug.clone();
    let maker_path = format!("/makers/{}", piece.maker.slug);
    let made_to_order = matches!(piece.price, Price::MadeToOrder { .. });
    let sale = piece.sale();
    let takes_commissions = piece.maker.commissions.open;
    let lead_time = piece.maker.commissions.lead_time_weeks;
    let PieceDetail {
        title,
        description,
        maker,
        price,
        dimensions,
        techniques,
        metals,
        stones,
        sourcing,
        images,
        published_on,
        disclosure,
        passport,
        ..
    } = piece;
    let json_path = format!("/pieces/{}/provenance.json", piece_slug);
    let cover = images.first().map(ImageRef::url);
    view! {
        <PageMeta
            title=format!("{title} by {}", maker.display_name)
            description=format!("{title}: {materials}. Handmade by {} in {}.", maker.display_name, maker.location.short())
            path
            kind="product"
            image=cover
        />
        <JsonLd json/>
        <article class="piece">
            <Gallery title=title.clone() images/>
            <div class="piece__summary">
                <h1>{title}</h1>
                <p class="piece__maker">"by " <a href=maker_path.clone()>{maker.display_name.clone()}</a>
                    ", " {maker.location.short()}</p>
                <p class="piece__price">{price.to_string()}</p>
                <SaleBlock sale slug=piece_slug.to_string() maker_path=maker_path.clone() takes_commissions/>
                {made_to_order.then(|| view! {
                    <p class="piece__note">
                        "Made for you once you order"
                        {lead_time.map(|weeks| format!(": about {weeks} weeks"))}
                        "."
                    </p>
                })}
                <p>{description}</p>
                <dl class="facts">
                    <dt>"Materials"</dt>
                    <dd>{materials}</dd>
                    {(!dimensions.is_empty()).then(|| view! {
                        <dt>"Dimensions"</dt>
                        <dd>{dimensions}</dd>
                    })}
                    <dt>"Published"</dt>
                    <dd><time datetime=published_on.clone()>{published_on.clone()}</time></dd>
                </dl>
            </div>
            {match disclosure {
                Some(disclosure) => view! {
                    <div class="provenance-block">
                        <ProvenanceSection disclosure piece_slug=piece_slug.to_string()/>
                        <p class="provenance__links">
                            {passport.map(|id| view! {
                                <a class="button" href=format!("/passport/{id}")>"Check the provenance passport"</a>
                            })}
                            " "
                            <a href=json_path type="application/json">"The disclosure as JSON"</a>
                        </p>
                    </div>
                }.into_any(),
                None => view! {
                    <StatedMaterials maker_path maker_name=maker.display_name location=maker.location.short() techniques metals stones sourcing/>
                }.into_any(),
            }}
        </article>
    }
}

/// What a buyer can do about the piece: buy it, see that it is sold, or
/// commission one like it.
#[component]
fn SaleBlock(
    sale: Sale,
    slug: String,
    maker_path: String,
    takes_commissions: bool,
) -> impl IntoView {
    match sale {
        Sale::Buy { left } => view! {
            <p class="piece__buy">
                <a class="button" href=format!("/pieces/{slug}/buy")>"Buy"</a>
                {(left > 1).then(|| format!(" {left} still for sale."))}
            </p>
        }
        .into_any(),
        Sale::Sold => view! {
            <p class="piece__sold"><strong>"Sold"</strong>" — it stays here as part of the maker's portfolio."</p>
        }
        .into_any(),
        Sale::Commission if takes_commissions => view! {
            <p class="piece__buy">
                <a class="button" href=format!("{maker_path}/commission")>"Commission one like this"</a>
            </p>
        }
        .into_any(),
        Sale::Commission | Sale::Enquire => ().into_any(),
    }
}

/// What a piece without a full disclosure still states: its maker and materials.
#[component]
fn StatedMaterials(
    maker_path: String,
    maker_name: String,
    location: String,
    techniques: Vec<crate::makers::Technique>,
    metals: Vec<super::MetalComponent>,
    stones: Vec<super::StoneSummary>,
    sourcing: Vec<super::Sourcing>,
) -> impl IntoView {
    view! {
    <section class="provenance" aria-labelledby="provenance-heading">
        <h2 id="provenance-heading">"Provenance"</h2>
        <p class="provenance__basis">"As stated by the maker."</p>
        <dl class="facts">
            <dt>"Designed and made by"</dt>
            <dd><a href=maker_path>{maker_name}</a>", in " {location}</dd>
            {(!techniques.is_empty()).then(|| view! {
                <dt>"How it was made"</dt>
                <dd>{techniques.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ")}</dd>
            })}
            {metals.into_iter().map(|metal| {
                let recycled = match metal.recycled.map(|r| r.value()) {
                    Some(share) => format!("{share}% recycled content"),
                    None => "Recycled content not stated".to_owned(),
                };
                view! {
                    <dt>"Metal"</dt>
                    <dd>{metal.to_string()} <span class="facts__aside">{format!(" — {recycled}")}</span></dd>
                }
            }).collect_view()}
            {if stones.is_empty() {
                view! { <dt>"Stones"</dt><dd>"None"</dd> }.into_any()
            } else {
                stones.into_iter().map(|stone| view! {
                    <dt>"Stone"</dt>
                    <dd>{stone.to_string()}</dd>
                }).collect_view().into_any()
            }}
            {(!sourcing.is_empty()).then(|| view! {
                <dt>"Sourcing"</dt>
                <dd>{sourcing.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")}</dd>
            })}
        </dl>
    </section>
    }
}
