//! Conformance cases for the studio half of the port: opening a studio, the
//! profile, pieces from draft to archived, photos — and that one maker's calls
//! never reach another maker's pieces.

use app::accounts::{AccountId, DisplayName, Email, NewAccount, Role};
use app::makers::{MakerId, Technique};
use app::pieces::{PieceId, PieceStatus, Price};
use app::search::ListingQuery;
use app::shared::{Country, Currency, ImageRef, Money, Slug};
use app::store::{Conflict, Media, Store, StoreError};
use app::studio::{
    MakerEdit, MetalRow, PieceEdit, PieceForm, PieceUpdate, ProfileForm, StepRow, StoneRow,
};
use jiff::Timestamp;

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + second).unwrap()
}

pub async fn account(store: &dyn Store, email: &str) -> AccountId {
    store
        .create_account(&NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: DisplayName::parse("Maya Lindqvist").unwrap(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA".into(),
            role: Role::Buyer,
            created_at: at(0),
        })
        .await
        .unwrap()
}

fn profile(slug: &str, name: &str) -> MakerEdit {
    ProfileForm {
        display_name: name.into(),
        slug: slug.into(),
        tagline: "Forged silver".into(),
        story: "I forge rings by hand; 'quotes' and ünïcödé ✨.".into(),
        country: "SE".into(),
        city: "Gothenburg".into(),
        techniques: vec!["forging".into(), "bezel-setting".into()],
        commissions: "open".into(),
        ..ProfileForm::default()
    }
    .parse()
    .unwrap()
}

pub fn edit(title: &str) -> PieceEdit {
    PieceForm {
        title: title.into(),
        description: "Forged from one bar of recycled silver.".into(),
        pricing: "fixed".into(),
        currency: "SEK".into(),
        price: "3200".into(),
        dimensions: "Band 4 mm".into(),
        ring_sizes: "UK J–P".into(),
        sourcing: vec!["fairmined".into()],
        designed_by: "Maya Lindqvist".into(),
        made_in: "SE".into(),
        edition: "one-of-one".into(),
        steps: vec![
            StepRow {
                technique: "forging".into(),
                partner: String::new(),
            },
            StepRow {
                technique: "bezel-setting".into(),
                partner: "Setters AB".into(),
            },
        ],
        metals: vec![MetalRow {
            metal: "silver".into(),
            fineness: "925".into(),
            surface: "solid".into(),
            recycled: "100".into(),
            weight: "6.5".into(),
            ..MetalRow::default()
        }],
        stones: vec![StoneRow {
            species: "sapphire".into(),
            nature: "lab-grown".into(),
            treatment: "untreated".into(),
            origin: String::new(),
            history: "new".into(),
        }],
        ..PieceForm::default()
    }
    .parse()
    .unwrap()
}

async fn photo(store: &dyn Store, n: u8, alt: &str) -> ImageRef {
    let key = format!("{}.jpg", format!("{n:02x}").repeat(16));
    store
        .put_media(&Media {
            key: key.clone(),
            content_type: "image/jpeg".into(),
            width: 800,
            height: 600,
            bytes: vec![n; 16],
            private: false,
            maker: None,
        })
        .await
        .unwrap();
    ImageRef {
        key,
        width: 800,
        height: 600,
        alt: alt.into(),
        access: String::new(),
    }
}

pub async fn open(store: &dyn Store, email: &str, slug: &str) -> MakerId {
    let owner = account(store, email).await;
    store
        .open_studio(owner, &profile(slug, "Maya Lindqvist"), at(1))
        .await
        .unwrap()
}

pub async fn a_studio_opens_once_per_account_and_stays_private_until_published(store: &dyn Store) {
    let owner = account(store, "maya@example.com").await;
    let maker = store
        .open_studio(owner, &profile("maya", "Maya Lindqvist"), at(1))
        .await
        .unwrap();
    let studio = store.studio_of(owner).await.unwrap().unwrap();
    assert_eq!(studio.id, maker);
    assert_eq!(studio.slug.as_str(), "maya");
    assert_eq!(studio.country, Country::parse("SE").unwrap());
    assert!(!studio.published);
    assert_eq!(
        store.account(owner).await.unwrap().unwrap().role,
        Role::Maker
    );
    assert!(matches!(
        store
            .open_studio(owner, &profile("maya-two", "Maya"), at(2))
            .await,
        Err(StoreError::Duplicate(Conflict::Studio))
    ));
    let other = account(store, "other@example.com").await;
    assert!(matches!(
        store
            .open_studio(other, &profile("maya", "Other"), at(2))
            .await,
        Err(StoreError::Duplicate(Conflict::MakerAddress))
    ));
    assert_eq!(store.studio_of(other).await.unwrap(), None);
    assert_eq!(
        store.account(other).await.unwrap().unwrap().role,
        Role::Buyer,
        "a refused studio leaves the account a buyer"
    );
    assert_eq!(store.maker_profile("maya").await.unwrap(), None);
    let everyone = store.search_makers(&ListingQuery::default()).await.unwrap();
    assert_eq!(everyone.total, 0);

    store
        .set_profile_published(maker, Some(at(3)))
        .await
        .unwrap();
    assert!(store.studio_of(owner).await.unwrap().unwrap().published);
    assert!(store.maker_profile("maya").await.unwrap().is_some());
    assert_eq!(
        store
            .search_makers(&ListingQuery::default())
            .await
            .unwrap()
            .total,
        1
    );
    store.set_profile_published(maker, None).await.unwrap();
    assert_eq!(store.maker_profile("maya").await.unwrap(), None);
}

pub async fn a_profile_round_trips_and_a_new_name_finds_the_pieces(store: &dyn Store) {
    let maker = open(store, "maya@example.com", "maya").await;
    assert_eq!(
        store.studio_profile(maker).await.unwrap().unwrap(),
        profile("maya", "Maya Lindqvist")
    );
    let piece = tidal_band(store, maker, &[photo(store, 1, "A band").await], at(2)).await;
    store
        .set_piece_status(maker, piece, PieceStatus::Published, at(3))
        .await
        .unwrap();
    store
        .set_profile_published(maker, Some(at(3)))
        .await
        .unwrap();

    let mut renamed = profile("studio-maya", "Studio Nordlys");
    renamed.techniques = vec![Technique::Granulation];
    renamed.commissions.lead_time_weeks = Some(6);
    renamed.commissions.price_from = Some(Money::from_minor(200_000, Currency::SEK).unwrap());
    store.update_profile(maker, &renamed).await.unwrap();
    assert_eq!(store.studio_profile(maker).await.unwrap().unwrap(), renamed);
    assert!(store.maker_profile("maya").await.unwrap().is_none());
    let page = store.maker_profile("studio-maya").await.unwrap().unwrap();
    assert_eq!(page.card.display_name, "Studio Nordlys");
    assert_eq!(page.card.techniques, vec![Technique::Granulation]);

    let (query, _) = ListingQuery::parse([("q", "nordlys")]);
    let found = store.search_pieces(&query).await.unwrap();
    assert_eq!(found.total, 1, "the piece is found by its maker's new name");
    let (query, _) = ListingQuery::parse([("q", "lindqvist")]);
    assert_eq!(store.search_pieces(&query).await.unwrap().total, 0);

    let other = open(store, "other@example.com", "other").await;
    assert!(matches!(
        store
            .update_profile(other, &profile("studio-maya", "Copycat"))
            .await,
        Err(StoreError::Duplicate(Conflict::MakerAddress))
    ));
}

pub async fn a_draft_is_edited_published_and_archived(store: &dyn Store) {
    let maker = open(store, "maya@example.com", "maya").await;
    store
        .set_profile_published(maker, Some(at(1)))
        .await
        .unwrap();
    let cover = photo(store, 1, "The band on a hand").await;
    let piece = tidal_band(store, maker, std::slice::from_ref(&cover), at(2)).await;
    let saved = store.studio_piece(maker, piece).await.unwrap().unwrap();
    assert_eq!(saved.edit, edit("Tidal band"));
    assert_eq!(saved.status, PieceStatus::Draft);
    assert_eq!(saved.photos, vec![cover.clone()]);
    assert_eq!(saved.published_on, None);
    assert_eq!(store.piece_detail("tidal-band").await.unwrap(), None);
    assert!(matches!(
        store
            .create_draft(
                maker,
                &Slug::parse("tidal-band").unwrap(),
                &edit("Again"),
                &[],
                None,
                at(2)
            )
            .await,
        Err(StoreError::Duplicate(Conflict::PieceAddress))
    ));

    let mut changed = edit("Tidal band, wider");
    changed.price = Price::MadeToOrder { from: None };
    changed.disclosure.stones.clear();
    let draft = store.studio_piece(maker, piece).await.unwrap().unwrap();
    assert_eq!(
        store
            .update_piece(maker, piece, draft.revision, &changed, at(3))
            .await
            .unwrap(),
        PieceUpdate::Saved
    );
    let saved = store.studio_piece(maker, piece).await.unwrap().unwrap();
    assert_eq!(saved.edit, changed);
    assert_eq!(saved.revision, draft.revision + 1);

    assert!(
        store
            .set_piece_status(maker, piece, PieceStatus::Published, at(4))
            .await
            .unwrap()
    );
    let detail = store.piece_detail("tidal-band").await.unwrap().unwrap();
    assert_eq!(detail.title, "Tidal band, wider");
    assert_eq!(
        detail.techniques,
        vec![Technique::Forging, Technique::BezelSetting]
    );
    assert_eq!(detail.materials(), "sterling silver (100% recycled)");
    assert!(detail.stones.is_empty());
    assert_eq!(detail.disclosure, Some(changed.disclosure.clone()));
    let published_on = store
        .studio_piece(maker, piece)
        .await
        .unwrap()
        .unwrap()
        .published_on;
    assert!(published_on.is_some());
    let (query, _) = ListingQuery::parse([("metal", "silver")]);
    assert_eq!(store.search_pieces(&query).await.unwrap().total, 1);

    store
        .set_piece_status(maker, piece, PieceStatus::Archived, at(5))
        .await
        .unwrap();
    assert_eq!(store.piece_detail("tidal-band").await.unwrap(), None);
    assert_eq!(store.search_pieces(&query).await.unwrap().total, 0);
    store
        .set_piece_status(maker, piece, PieceStatus::Published, at(6))
        .await
        .unwrap();
    let again = store.studio_piece(maker, piece).await.unwrap().unwrap();
    assert_eq!(
        again.published_on, published_on,
        "publishing again keeps the first publication date"
    );
    assert!(
        !store.delete_draft(maker, piece).await.unwrap(),
        "a piece once published is not deleted"
    );
    let rows = store.studio_pieces(maker).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, PieceStatus::Published);
    assert_eq!(
        rows[0].cover.as_ref().map(|c| c.key.clone()),
        Some(cover.key)
    );
}

pub async fn photos_keep_their_order_cover_and_descriptions(store: &dyn Store) {
    let maker = open(store, "maya@example.com", "maya").await;
    let photos = vec![
        photo(store, 1, "Front").await,
        photo(store, 2, "").await,
        photo(store, 3, "Worn").await,
    ];
    let piece = store
        .create_draft(
            maker,
            &Slug::parse("band").unwrap(),
            &edit("Band"),
            &photos,
            None,
            at(1),
        )
        .await
        .unwrap();
    let photos_now = async || {
        store
            .studio_piece(maker, piece)
            .await
            .unwrap()
            .unwrap()
            .photos
    };
    assert_eq!(photos_now().await, photos);
    let reordered = vec![photos[2].clone(), photos[0].clone()];
    assert!(
        store
            .set_piece_photos(maker, piece, &reordered, at(2))
            .await
            .unwrap()
    );
    assert_eq!(photos_now().await, reordered);
    let unknown = ImageRef {
        key: format!("{}.jpg", "ab".repeat(16)),
        ..photos[0].clone()
    };
    assert!(
        store
            .set_piece_photos(maker, piece, &[unknown], at(3))
            .await
            .is_err(),
        "only stored media can be shown"
    );
    assert_eq!(
        photos_now().await,
        reordered,
        "a refused change leaves the photos as they were"
    );
    assert!(
        store
            .set_piece_photos(maker, piece, &[], at(4))
            .await
            .unwrap()
    );
    assert!(photos_now().await.is_empty());
    assert!(store.delete_draft(maker, piece).await.unwrap());
    assert_eq!(store.studio_piece(maker, piece).await.unwrap(), None);
}

pub async fn no_maker_reaches_another_makers_pieces(store: &dyn Store) {
    let ana = open(store, "ana@example.com", "ana").await;
    let ben = open(store, "ben@example.com", "ben").await;
    let cover = photo(store, 1, "Ana's ring").await;
    let piece = store
        .create_draft(
            ana,
            &Slug::parse("anas-ring").unwrap(),
            &edit("Ana's ring"),
            std::slice::from_ref(&cover),
            None,
            at(1),
        )
        .await
        .unwrap();
    let before = store.studio_piece(ana, piece).await.unwrap().unwrap();

    assert_eq!(store.studio_piece(ben, piece).await.unwrap(), None);
    assert_eq!(
        store
            .update_piece(ben, piece, before.revision, &edit("Mine now"), at(2))
            .await
            .unwrap(),
        PieceUpdate::NotFound
    );
    assert!(
        !store
            .set_piece_status(ben, piece, PieceStatus::Published, at(2))
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_piece_photos(ben, piece, &[photo(store, 2, "x").await], at(2))
            .await
            .unwrap()
    );
    assert!(!store.delete_draft(ben, piece).await.unwrap());
    assert!(store.studio_pieces(ben).await.unwrap().is_empty());
    assert_eq!(
        store
            .update_piece(ana, PieceId(piece.0 + 1_000), 0, &edit("Nothing"), at(2))
            .await
            .unwrap(),
        PieceUpdate::NotFound
    );

    assert_eq!(
        store.studio_piece(ana, piece).await.unwrap().unwrap(),
        before
    );
}

/// Maya's studio with one photoless draft, "Tidal band".
/// The maker's draft "Tidal band" with these photos.
async fn tidal_band(
    store: &dyn Store,
    maker: MakerId,
    photos: &[ImageRef],
    now: Timestamp,
) -> PieceId {
    store
        .create_draft(
            maker,
            &Slug::parse("tidal-band").unwrap(),
            &edit("Tidal band"),
            photos,
            None,
            now,
        )
        .await
        .unwrap()
}

async fn maya_drafts_a_band(store: &dyn Store) -> (MakerId, PieceId) {
    let maker = open(store, "maya@example.com", "maya").await;
    let piece = tidal_band(store, maker, &[], at(1)).await;
    (maker, piece)
}

/// An edit is written only over the revision it was made from: of two edits made
/// from the same reading, through two servers at once, one is saved and the
/// other changes nothing, so neither silently undoes the other.
pub async fn an_edit_is_saved_only_over_the_revision_it_was_read_at(a: &dyn Store, b: &dyn Store) {
    let (maker, piece) = maya_drafts_a_band(a).await;
    let read = b.studio_piece(maker, piece).await.unwrap().unwrap();
    let (wider, thinner) = (edit("Tidal band, wider"), edit("Tidal band, thinner"));
    let (first, second) = futures::future::join(
        a.update_piece(maker, piece, read.revision, &wider, at(2)),
        b.update_piece(maker, piece, read.revision, &thinner, at(2)),
    )
    .await;
    let outcomes = [first.unwrap(), second.unwrap()];
    let saved = a.studio_piece(maker, piece).await.unwrap().unwrap();
    match outcomes {
        [PieceUpdate::Saved, PieceUpdate::ChangedMeanwhile] => assert_eq!(saved.edit, wider),
        [PieceUpdate::ChangedMeanwhile, PieceUpdate::Saved] => assert_eq!(saved.edit, thinner),
        other => panic!("both or neither saved: {other:?}"),
    }
    assert_eq!(saved.revision, read.revision + 1);

    // An edit made from the older reading changes nothing, not even its listing.
    let mut stale = edit("Tidal band, stale");
    stale.disclosure.stones.clear();
    assert_eq!(
        b.update_piece(maker, piece, read.revision, &stale, at(3))
            .await
            .unwrap(),
        PieceUpdate::ChangedMeanwhile
    );
    assert_eq!(b.studio_piece(maker, piece).await.unwrap().unwrap(), saved);
    assert_eq!(
        b.update_piece(maker, piece, saved.revision, &stale, at(3))
            .await
            .unwrap(),
        PieceUpdate::Saved
    );
    assert_eq!(
        a.studio_piece(maker, piece).await.unwrap().unwrap().edit,
        stale
    );
}

/// A save made from a reading someone else has saved over since is made again
/// from the piece as it is now: both changes are kept.
pub async fn a_save_over_a_newer_revision_is_made_again_from_it(store: &dyn Store) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (maker, piece) = maya_drafts_a_band(store).await;
    let read = store.studio_piece(maker, piece).await.unwrap().unwrap();
    let mut retitled = read.edit.clone();
    retitled.title = "Tidal band, retitled".into();
    assert_eq!(
        store
            .update_piece(maker, piece, read.revision, &retitled, at(2))
            .await
            .unwrap(),
        PieceUpdate::Saved
    );

    let made = AtomicUsize::new(0);
    let based_on = app::studio::service::save_revised(store, maker, read, at(3), |saved| {
        made.fetch_add(1, Ordering::Relaxed);
        let mut edit = saved.edit.clone();
        edit.description = "Forged, then planished smooth.".into();
        Ok(Some(edit))
    })
    .await
    .unwrap();
    assert_eq!(
        made.load(Ordering::Relaxed),
        2,
        "made once stale, once again"
    );
    assert_eq!(based_on.edit.title, "Tidal band, retitled");
    let now = store.studio_piece(maker, piece).await.unwrap().unwrap();
    assert_eq!(
        (now.edit.title.as_str(), now.edit.description.as_str()),
        ("Tidal band, retitled", "Forged, then planished smooth.")
    );
    assert_eq!(now.revision, based_on.revision + 1);
}

fn document(content: &[u8], public: bool) -> app::provenance::NewDocument {
    use sha2::{Digest, Sha256};
    app::provenance::NewDocument {
        sha256: app::shared::hex(&Sha256::digest(content)),
        file_name: "Assay certificate №12.pdf".into(),
        kind: app::provenance::DocumentKind::Pdf,
        public,
        bytes: content.to_vec(),
    }
}

pub async fn evidence_documents_belong_to_their_piece_and_are_read_by_right(store: &dyn Store) {
    let owner = account(store, "ana@example.com").await;
    let ana = store
        .open_studio(owner, &profile("ana", "Ana"), at(1))
        .await
        .unwrap();
    let ben = open(store, "ben@example.com", "ben").await;
    let slug = Slug::parse("anas-ring").unwrap();
    let piece = store
        .create_draft(ana, &slug, &edit("Ana's ring"), &[], None, at(1))
        .await
        .unwrap();
    let certificate = document(b"%PDF-1.7 assay certificate", false);
    let certificate_file = async || {
        store
            .document_file("anas-ring", &certificate.sha256)
            .await
            .unwrap()
    };

    assert!(
        !store
            .add_document(ben, piece, &certificate, at(2))
            .await
            .unwrap()
    );
    assert!(store.piece_documents(ana, piece).await.unwrap().is_empty());
    assert_eq!(certificate_file().await, None);

    assert!(
        store
            .add_document(ana, piece, &certificate, at(2))
            .await
            .unwrap()
    );
    let listed = store.piece_documents(ana, piece).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].sha256, certificate.sha256);
    assert_eq!(listed[0].file_name, "Assay certificate №12.pdf");
    assert_eq!(listed[0].byte_size, 26);
    assert!(!listed[0].public);
    assert!(store.piece_documents(ben, piece).await.unwrap().is_empty());

    let file = certificate_file().await.unwrap();
    assert_eq!(file.bytes, certificate.bytes);
    assert_eq!(file.owner, Some(owner));
    assert!(!file.public && !file.piece_public);
    assert_eq!(
        store
            .document_file("bens-ring", &certificate.sha256)
            .await
            .unwrap(),
        None
    );

    // The same document again is the same record, shown to buyers now.
    let shown = document(b"%PDF-1.7 assay certificate", true);
    assert!(store.add_document(ana, piece, &shown, at(3)).await.unwrap());
    assert_eq!(store.piece_documents(ana, piece).await.unwrap().len(), 1);
    store.set_profile_published(ana, Some(at(3))).await.unwrap();
    store
        .set_piece_status(ana, piece, PieceStatus::Published, at(3))
        .await
        .unwrap();
    let file = certificate_file().await.unwrap();
    assert!(file.public && file.piece_public);

    assert!(
        !store
            .set_document_public(ben, piece, &certificate.sha256, false)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_document_public(ana, piece, &certificate.sha256, false)
            .await
            .unwrap()
    );
    assert!(!store.piece_documents(ana, piece).await.unwrap()[0].public);
    assert!(
        !store
            .remove_document(ben, piece, &certificate.sha256)
            .await
            .unwrap()
    );
    assert_eq!(store.piece_documents(ana, piece).await.unwrap().len(), 1);
    assert!(
        store
            .remove_document(ana, piece, &certificate.sha256)
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_document(ana, piece, &certificate.sha256)
            .await
            .unwrap()
    );
    assert_eq!(certificate_file().await, None);

    // A deleted draft takes its documents with it.
    let draft = store
        .create_draft(
            ana,
            &Slug::parse("anas-draft").unwrap(),
            &edit("Draft"),
            &[],
            None,
            at(4),
        )
        .await
        .unwrap();
    let report = document(b"%PDF-1.4 grading report", false);
    assert!(
        store
            .add_document(ana, draft, &report, at(4))
            .await
            .unwrap()
    );
    assert!(store.delete_draft(ana, draft).await.unwrap());
    assert_eq!(
        store
            .document_file("anas-draft", &report.sha256)
            .await
            .unwrap(),
        None
    );
}

/// One stored size of a photo, `bytes` long.
fn photo_file(key: String, bytes: usize, private: bool, maker: Option<MakerId>) -> Media {
    Media {
        key,
        content_type: "image/jpeg".into(),
        width: 800,
        height: 600,
        bytes: vec![7; bytes],
        private,
        maker,
    }
}

pub async fn a_makers_storage_counts_their_files_and_publishing_opens_a_drafts_photos(
    store: &dyn Store,
) {
    let ana = open(store, "ana@example.com", "ana").await;
    let ben = open(store, "ben@example.com", "ben").await;
    assert_eq!(store.maker_storage_used(ana).await.unwrap(), 0);

    let draft_stem = "0a".repeat(16);
    let cover = photo_file(format!("{draft_stem}.jpg"), 1_000, true, Some(ana));
    let small = photo_file(format!("{draft_stem}-320.webp"), 300, true, Some(ana));
    let bens = photo_file(format!("{}.jpg", "0b".repeat(16)), 2_000, true, Some(ben));
    let buyers = photo_file(format!("{}.jpg", "0c".repeat(16)), 5_000, true, None);
    for file in [&cover, &small, &cover, &bens, &buyers] {
        store.put_media(file).await.unwrap();
    }
    assert_eq!(
        store.maker_storage_used(ana).await.unwrap(),
        1_300,
        "each file once"
    );
    assert_eq!(store.maker_storage_used(ben).await.unwrap(), 2_000);
    let read = store.media(&small.key).await.unwrap().unwrap();
    assert!(read.private);
    assert_eq!(read.maker, Some(ana));

    let photo = |media: &Media| ImageRef {
        key: media.key.clone(),
        width: 800,
        height: 600,
        alt: "The ring".into(),
        access: String::new(),
    };
    let slug = Slug::parse("anas-ring").unwrap();
    let piece = store
        .create_draft(
            ana,
            &slug,
            &edit("Ana's ring"),
            &[photo(&cover)],
            None,
            at(1),
        )
        .await
        .unwrap();
    let certificate = document(b"%PDF-1.7 assay certificate", false);
    assert!(
        store
            .add_document(ana, piece, &certificate, at(2))
            .await
            .unwrap()
    );
    assert_eq!(store.maker_storage_used(ana).await.unwrap(), 1_326);
    assert!(store.media(&cover.key).await.unwrap().unwrap().private);

    // Published, the piece's photos are public in every size; a file of someone
    // else named on the piece is not the maker's to open.
    assert!(
        store
            .set_piece_status(ana, piece, PieceStatus::Published, at(3))
            .await
            .unwrap()
    );
    for file in [&cover, &small] {
        assert!(!store.media(&file.key).await.unwrap().unwrap().private);
    }
    assert!(
        store
            .set_piece_photos(ana, piece, &[photo(&cover), photo(&bens)], at(4))
            .await
            .unwrap()
    );
    assert!(store.media(&bens.key).await.unwrap().unwrap().private);
    assert!(store.media(&buyers.key).await.unwrap().unwrap().private);
    assert_eq!(store.maker_storage_used(ana).await.unwrap(), 1_326);
}

async fn moved(store: &dyn Store, seen: &mut i64, what: &str) {
    let now = store.catalogue_version().await.unwrap();
    assert!(now > *seen, "{what} left the catalogue version at {seen}");
    *seen = now;
}

/// The render cache keeps a public page until the catalogue version moves: every
/// write such a page shows must move it, in the same transaction.
pub async fn every_write_a_public_page_shows_moves_the_catalogue_version(store: &dyn Store) {
    let mut seen = store.catalogue_version().await.unwrap();
    let maker = open(store, "maya@example.com", "maya").await;
    moved(store, &mut seen, "opening a studio").await;
    store
        .set_profile_published(maker, Some(at(1)))
        .await
        .unwrap();
    moved(store, &mut seen, "publishing a profile").await;
    store
        .update_profile(maker, &profile("maya", "Maya L."))
        .await
        .unwrap();
    moved(store, &mut seen, "editing a profile").await;
    let cover = photo(store, 1, "The band on a hand").await;
    store.set_portrait(maker, &cover).await.unwrap();
    moved(store, &mut seen, "a new portrait").await;
    let piece = tidal_band(store, maker, std::slice::from_ref(&cover), at(3)).await;
    moved(store, &mut seen, "a draft").await;
    store
        .set_piece_status(maker, piece, PieceStatus::Published, at(4))
        .await
        .unwrap();
    moved(store, &mut seen, "publishing a piece").await;
    let draft = store.studio_piece(maker, piece).await.unwrap().unwrap();
    store
        .update_piece(
            maker,
            piece,
            draft.revision,
            &edit("Tidal band, wider"),
            at(5),
        )
        .await
        .unwrap();
    moved(store, &mut seen, "editing a piece").await;
    store
        .set_piece_photos(maker, piece, &[cover], at(6))
        .await
        .unwrap();
    moved(store, &mut seen, "its photos").await;
    store
        .register_passport_key("key", "aa", at(6))
        .await
        .unwrap();
    let passport = app::provenance::NewPassportVersion {
        id: "tp-1".into(),
        version: 1,
        key_id: "key".into(),
        payload: "{}".into(),
        signature: "signature".into(),
        issued_at: at(6),
    };
    assert!(
        store
            .add_passport_version(piece.0, &passport)
            .await
            .unwrap()
    );
    moved(
        store,
        &mut seen,
        "issuing its passport (the piece's page links it)",
    )
    .await;
    assert!(
        !store
            .add_passport_version(piece.0, &passport)
            .await
            .unwrap()
    );
    assert_eq!(
        store.catalogue_version().await.unwrap(),
        seen,
        "nothing new, nothing to redraw"
    );
    store
        .set_piece_status(maker, piece, PieceStatus::Archived, at(7))
        .await
        .unwrap();
    moved(store, &mut seen, "archiving a piece").await;
}
