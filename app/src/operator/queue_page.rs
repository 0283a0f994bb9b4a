//! `/operator/evidence`: the documents makers attached whose claims no operator
//! has checked yet, oldest first.

use super::AwaitingReview;
use crate::error::AppError;
use crate::layout::private_page;
use crate::provenance::readable_size;
use crate::shared::FeedbackMessage;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use leptos::prelude::*;

#[server(endpoint = "operator/evidence")]
pub async fn load_review_queue() -> Result<Vec<AwaitingReview>, AppError> {
    super::OperatorRequest::from_context()
        .await?
        .review()
        .queue()
        .await
        .map_err(AppError::from)
}

#[component]
pub fn EvidenceQueuePage() -> impl IntoView {
    private_page(
        "Evidence review",
        load_review_queue,
        Some("evidence-review"),
        |queue, feedback| {
            view! {
                <section class="studio">
                    <h1>"Evidence review"</h1>
                    <FeedbackMessage feedback/>
                    <p>"Documents makers attached to back their claims, oldest first. Open one, \
                        compare it with the claims it backs, and verify those it shows."</p>
                    <Queue queue/>
                </section>
            }
        },
        super::refusal,
    )
}

#[component]
fn Queue(queue: Vec<AwaitingReview>) -> impl IntoView {
    if queue.is_empty() {
        return view! { <p class="empty">"Nothing awaits review: every document's claims have been checked."</p> }
            .into_any();
    }
    view! {
        <table class="review-queue">
            <caption>{format!("{} documents awaiting review", queue.len())}</caption>
            <thead>
                <tr>
                    <th scope="col">"Document"</th>
                    <th scope="col">"Piece"</th>
                    <th scope="col">"Maker"</th>
                    <th scope="col">"Uploaded"</th>
                    <th scope="col">"Claims"</th>
                </tr>
            </thead>
            <tbody>
                {queue.into_iter().map(|item| {
                    let review = format!("/operator/evidence/{}/{}", item.piece, item.document.sha256);
                    view! {
                        <tr>
                            <td>
                                <a href=review>{format!("Review {}", item.document.file_name)}</a>
                                <br/>
                                <span class="muted">{format!(
                                    "{}, {}",
                                    item.document.kind.label(),
                                    readable_size(item.document.byte_size)
                                )}</span>
                            </td>
                            <td>{item.piece_title}</td>
                            <td>{item.maker_name}</td>
                            <td>{item.document.uploaded_on}</td>
                            <td>{item.claims.len()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
