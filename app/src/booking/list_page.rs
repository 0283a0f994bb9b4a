//! `/bookings`: the consultations a signed-in buyer booked, newest first, each
//! with the maker's messages they haven't read.

use super::BuyerBookingLine;
use crate::error::AppError;
use crate::layout::{error_page, private_page};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use leptos::prelude::*;

#[server(endpoint = "booking/mine")]
pub async fn load_my_bookings() -> Result<Vec<BuyerBookingLine>, AppError> {
    let request = super::BookingRequest::from_context().await?;
    Ok(request
        .desk()
        .buyer_bookings(request.viewer.as_ref())
        .await?)
}

#[component]
pub fn BuyerBookingsPage() -> impl IntoView {
    private_page(
        "Your consultations",
        load_my_bookings,
        None,
        |lines, _| {
            view! {
                <section class="form-page">
                    <h1>"Your consultations"</h1>
                    {lines.is_empty().then(|| view! {
                        <p>"No consultations booked from this account yet. Makers who offer them say so on their page."</p>
                    })}
                    <ul class="commission-list">
                        {lines.into_iter().map(|line| {
                            let booking = line.booking;
                            view! {
                                <li class="commission-list__item">
                                    <a href=format!("/bookings/{}", booking.id)>
                                        {format!("{} with {}", booking.consultation.name, booking.maker_name)}
                                    </a>
                                    <p>{format!("{} · {}", booking.when, super::booking_page::status_words(&booking))}</p>
                                    {(line.unread > 0).then(|| view! {
                                        <p><span class="badge">{format!(
                                            "{} new message{}", line.unread, if line.unread == 1 { "" } else { "s" }
                                        )}</span></p>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        },
        error_page,
    )
}
