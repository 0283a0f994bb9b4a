//! The frame around every page, and the pages shown when something is missing or broken.

use crate::error::AppError;
use crate::shared::{Feedback, take_feedback};
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a class="site-header__name" href="/">"Touchstone"</a>
            <nav aria-label="Main">
                <ul class="site-nav">
                    <li><a href="/makers">"Makers"</a></li>
                    <li><a href="/search">"Search pieces"</a></li>
                    <li><a href="/#about">"About provenance"</a></li>
                    <AccountLink/>
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>"Touchstone — a marketplace for independent jewellery makers."</p>
            <p>"Every claim about a piece shows how sure anyone can be of it."</p>
        </footer>
    }
}

/// "Sign in", or the signed-in person's name leading to their account. The server
/// puts the viewer into the request context before rendering, so no page waits on it.
#[component]
fn AccountLink() -> impl IntoView {
    match use_context::<crate::accounts::Viewer>() {
        Some(viewer) => view! {
            {(viewer.role == crate::accounts::Role::Operator).then(|| view! {
                <li><a href="/operator/evidence">"Evidence review"</a></li>
            })}
            <li>{match viewer.unread_messages {
                0 => view! { <a href="/commissions">"Commissions"</a> }.into_any(),
                // A maker's messages are mostly their studio's commissions.
                unread => view! {
                    <a href=if viewer.role == crate::accounts::Role::Maker { "/studio/commissions" } else { "/commissions" }
                        aria-label=format!(
                        "Commissions, {unread} unread message{}", if unread == 1 { "" } else { "s" }
                    )>
                        "Commissions "<span class="badge" aria-hidden="true">{unread}</span>
                    </a>
                }.into_any(),
            }}</li>
            <li>{match viewer.unread_booking_messages {
                // A maker's consultation messages are read from their bookings.
                unread if unread > 0 && viewer.role == crate::accounts::Role::Maker => view! {
                    <a href="/studio/bookings" aria-label=format!(
                        "Your studio: consultation requests, {unread} unread message{}", if unread == 1 { "" } else { "s" }
                    )>
                        "Your studio "<span class="badge" aria-hidden="true">{unread}</span>
                    </a>
                }.into_any(),
                _ => view! { <a href="/studio">"Your studio"</a> }.into_any(),
            }}</li>
            {(viewer.unread_booking_messages > 0 && viewer.role != crate::accounts::Role::Maker).then(|| {
                let unread = viewer.unread_booking_messages;
                view! {
                    <li><a href="/bookings" aria-label=format!(
                        "Your consultations, {unread} unread message{}", if unread == 1 { "" } else { "s" }
                    )>
                        "Consultations "<span class="badge" aria-hidden="true">{unread}</span>
                    </a></li>
                }
            })}
            <li><a href="/account" aria-label=format!("Your account ({})", viewer.display_name)>
                {viewer.display_name.clone()}
            </a></li>
        }
        .into_any(),
        None => view! { <li><a href="/sign-in">"Sign in"</a></li> }.into_any(),
    }
}

/// Shown for any error: sets the response status and tells a person what to do,
/// never what broke inside.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::shared::set_status(error.status());
    let (heading, advice) = match error {
        AppError::NotFound => (
            "Page not found",
            "The page may have moved, or the piece may no longer be listed.",
        ),
        AppError::Internal => (
            "Something went wrong",
            "We're sorry: this page could not be shown just now. Please try again in a moment.",
        ),
        _ => ("That didn't work", "Please go back and try again."),
    };
    view! {
        <crate::shared::PageTitle text=heading/>
        <Meta name="robots" content="noindex"/>
        <section class="error-page">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            <p>{advice}</p>
            <p><a class="button" href="/">"Go to the home page"</a></p>
        </section>
    }
}

/// What a page reads from the server: rendered with the page and sent along
/// for its islands to hydrate from.
pub trait Loaded:
    Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static
{
}

impl<T> Loaded for T where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static
{
}

/// How a page is drawn from what it loaded and the notice its form left.
pub trait PageView<T, V>: Fn(T, Option<Feedback>) -> V + Clone + Send + Sync + 'static {}

impl<T, V, F> PageView<T, V> for F where
    F: Fn(T, Option<Feedback>) -> V + Clone + Send + Sync + 'static
{
}

/// What a page shows instead when what it reads is refused.
pub trait RefusalView: Fn(AppError) -> AnyView + Clone + Send + Sync + 'static {}

impl<F> RefusalView for F where F: Fn(AppError) -> AnyView + Clone + Send + Sync + 'static {}

/// The body of a page that reads from the server before it is sent (its route
/// renders `SsrMode::Async`, so nobody sees a loading state): the `page` made
/// from what `data` loaded and the notice the page's own `form` left (none when
/// it has no form), or `refusal` when the data is refused.
pub fn when_loaded<T, V>(
    data: Resource<Result<T, AppError>>,
    form: Option<&'static str>,
    page: impl PageView<T, V>,
    refusal: impl RefusalView,
) -> impl IntoView
where
    T: Loaded,
    V: IntoView + 'static,
{
    let feedback = form.map(|form| Resource::new(|| (), move |_| take_feedback(form.into())));
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let (page, refusal) = (page.clone(), refusal.clone());
                Suspend::new(async move {
                    let feedback = match feedback {
                        Some(feedback) => feedback.await.ok().flatten(),
                        None => None,
                    };
                    match data.await {
                        Ok(data) => page(data, feedback).into_any(),
                        Err(error) => refusal(error),
                    }
                })
            }}
        </Suspense>
    }
}

/// A private page (titled `title`, never indexed) of what `load` reads for the
/// person signed in: see `when_loaded`.
pub fn private_page<T, V, Loading>(
    title: &'static str,
    load: fn() -> Loading,
    form: Option<&'static str>,
    page: impl PageView<T, V>,
    refusal: impl RefusalView,
) -> impl IntoView
where
    T: Loaded,
    V: IntoView + 'static,
    Loading: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let data = Resource::new(|| (), move |_| load());
    view! {
        <crate::accounts::PrivateTitle title/>
        {when_loaded(data, form, page, refusal)}
    }
}

/// What a page loads, by `load`, from the `param` of its address (the `slug`
/// of `/pieces/:slug`).
pub fn load_from_address<T, Loading>(
    param: &'static str,
    load: fn(String) -> Loading,
) -> Resource<Result<T, AppError>>
where
    T: Loaded,
    Loading: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    Resource::new(move || params.read().get(param).unwrap_or_default(), load)
}

/// The refusal of a public page: the error page, with the error's status.
pub fn error_page(error: AppError) -> AnyView {
    view! { <ErrorPage error/> }.into_any()
}

/// A list loaded from the server as cards (one `<li>` each, by `card`), `empty`
/// when there is nothing, or the error page.
pub fn card_list<T, V>(
    list: Resource<Result<Vec<T>, AppError>>,
    empty: &'static str,
    card: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Loaded,
    V: IntoView + 'static,
{
    let cards = move |items: Vec<T>, _| {
        if items.is_empty() {
            return view! { <p>{empty}</p> }.into_any();
        }
        let card = card.clone();
        view! {
            <ul class="commission-list">
                {items.into_iter().map(|item| view! { <li class="commission-list__item">{card(item)}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    when_loaded(list, None, cards, error_page)
}

/// Where a guest waits for the email that confirms their address, with the
/// notice the `form` that sent them here left.
#[component]
pub fn CheckYourEmail(form: &'static str, waiting: &'static str) -> impl IntoView {
    let feedback = Resource::new(|| (), move |_| crate::shared::take_feedback(form.into()));
    view! {
        <crate::accounts::PrivateTitle title="Check your email"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let feedback = feedback.await.ok().flatten();
                view! {
                    <section class="form-page">
                        <h1>"Check your email"</h1>
                        <crate::shared::FeedbackMessage feedback/>
                        <p>{waiting}</p>
                    </section>
                }
            })}
        </Suspense>
    }
}
