//! The finished piece on a commission's page: the maker writes it up and issues
//! its passport; the buyer holds the passport and says whether the maker may
//! show the piece in their portfolio.

use super::CommissionView;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "commissions/piece")]
pub async fn finish_piece(commission: String, action: String) -> Result<(), AppError> {
    super::on_commission_page(
        &commission,
        "#finished-piece",
        Vec::new(),
        async |request| {
            Ok(request
                .desk()
                .finished_piece(Some(&request.viewer), &commission, &action)
                .await?)
        },
    )
    .await
}

#[component]
fn PieceButton(
    commission: i64,
    action: &'static str,
    label: String,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action=FinishPiece::url() class="inline-form">
            <input type="hidden" name="commission" value=commission.to_string()/>
            <input type="hidden" name="action" value=action/>
            <button class=class type="submit">{label}</button>
        </form>
    }
}

#[component]
pub fn FinishedPiece(seen: CommissionView) -> impl IntoView {
    let finished = seen.finished.clone();
    if !finished.written_up && !finished.may_write_up {
        return None;
    }
    let id = seen.id;
    let maker = seen.maker_name.clone();
    let shown = match (&finished.published, finished.shown_by_buyer) {
        (Some(_), _) => format!("Shown in {maker}'s portfolio."),
        (None, true) => format!("{maker} may show it in their portfolio; it isn't shown yet."),
        (None, false) => "Private: only the two of you, and whoever the buyer gives the passport link to, can see it.".to_owned(),
    };
    Some(view! {
        <section id="finished-piece" aria-labelledby="finished-heading" class="commission__finished">
            <h2 id="finished-heading">"The finished piece"</h2>
            {finished.may_write_up.then(|| view! {
                <p>"Write up the piece you are making: its listing and provenance disclosure start from the agreed specification, kept private to your client. Once it is made, issue its passport here."</p>
                <PieceButton commission=id action="write-up" label="Write up the finished piece".into()/>
            })}
            {finished.written_up.then(|| view! { <p>{shown.clone()}</p> })}
            {finished.editor.clone().map(|editor| view! {
                <p><a href=editor>"Edit the piece, its photos and its disclosure"</a></p>
            })}
            {finished.passport.clone().map(|(passport, version)| view! {
                <p>
                    <a href=format!("/passport/{passport}")>"The piece's provenance passport"</a>
                    {format!(" — version {version}. It links this commission's signed agreement and every progress picture by their SHA-256.")}
                </p>
            })}
            {(finished.written_up && finished.passport.is_none()).then(|| view! {
                <p>{if seen.as_maker { "No passport yet." } else { "Its passport comes once the piece is made." }}</p>
            })}
            {finished.may_issue_passport.then(|| view! {
                <PieceButton commission=id action="issue-passport"
                    label=if finished.passport.is_some() { "Renew the passport".to_owned() } else { "Issue the passport".to_owned() }/>
            })}
            {finished.published.clone().map(|page| view! { <p><a href=page>"Its page in the portfolio"</a></p> })}
            {(finished.passport.is_some() && !seen.as_maker).then(|| view! {
                <p>"A resizing, a repair, a new plating: the maker who does the work, on Touchstone, can record it on the passport with your consent."</p>
                <PieceButton commission=id action="consent-work" class="button button--quiet"
                    label="Make a link for a maker to record work".into()/>
            })}
            {(finished.written_up && !seen.as_maker).then(|| if finished.shown_by_buyer {
                view! {
                    <PieceButton commission=id action="keep-private" class="button button--quiet"
                        label=format!("Keep it private: {maker} may no longer show it")/>
                }.into_any()
            } else {
                view! {
                    <PieceButton commission=id action="show"
                        label=format!("Let {maker} show it in their portfolio")/>
                }.into_any()
            })}
        </section>
    })
}
