//! What the emails about an order say: pure functions of the order and the step,
//! each addressed to the side that needs to act or know.

use super::{Delivery, OrderRecord, OrderStatus};
use crate::booking::desk::letters::Letter;

/// A letter and whom it goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub letter: Letter,
}

fn order_link(order: &OrderRecord, site: &str) -> String {
    format!("{site}/orders/{}", order.id.0)
}

fn to_buyer(order: &OrderRecord, subject: String, body: String) -> Option<Mail> {
    Some(Mail {
        to: order.buyer_email.clone(),
        letter: Letter { subject, body },
    })
}

fn to_maker(order: &OrderRecord, subject: String, body: String) -> Option<Mail> {
    order.maker_email.clone().map(|to| Mail {
        to,
        letter: Letter { subject, body },
    })
}

/// The same news to both sides, each told what it means for them.
fn both(order: &OrderRecord, subject: String, buyer: String, maker: String) -> Vec<Option<Mail>> {
    vec![
        to_buyer(order, subject.clone(), buyer),
        to_maker(order, subject, maker),
    ]
}

/// `TS-00007, Tide pendant`: what every subject names.
fn named(order: &OrderRecord) -> String {
    format!("{}, {}", order.id.reference(), order.piece_title)
}

/// The letters for `order` having moved to `to` (the order as it was before).
pub fn for_step(order: &OrderRecord, to: OrderStatus, site: &str, day: &str) -> Vec<Mail> {
    let link = order_link(order, site);
    let reference = order.id.reference();
    let total = order.total();
    let mails = match to {
        OrderStatus::AwaitingPayment => vec![
            to_buyer(
                order,
                format!("Your order {}: how to pay", named(order)),
                format!(
                    "Thank you for your order of {title} from {maker}.\n\n\
                     Please pay {total} by bank transfer by {day}, with the reference {reference}:\n\n\
                     {instructions}\n\n\
                     {maker} records your payment once it arrives; until {day} the piece is held for you.\n\n\
                     Your order: {link}\n",
                    title = order.piece_title,
                    maker = order.maker_name,
                    instructions = order.terms.payment_instructions,
                ),
            ),
            to_maker(
                order,
                format!("New order {}", named(order)),
                format!(
                    "{buyer} ordered {title} ({total}) and will pay by bank transfer with the \
                     reference {reference}. The piece is held for them until {day}.\n\n\
                     Record the payment once it arrives: {link}\n",
                    buyer = order.buyer_name,
                    title = order.piece_title,
                ),
            ),
        ],
        OrderStatus::Paid => vec![to_buyer(
            order,
            format!("Payment received for {}", named(order)),
            format!(
                "{maker} has received your payment of {total}. {next}\n\nYour order: {link}\n",
                maker = order.maker_name,
                next = match order.delivery {
                    Delivery::Post(_) => "They will let you know when it is sent.",
                    Delivery::Collection => "They will arrange the collection with you.",
                },
            ),
        )],
        OrderStatus::Shipped => {
            let shipment = order.shipment.clone().unwrap_or_else(|| super::Shipment {
                carrier: String::new(),
                tracking: String::new(),
            });
            vec![to_buyer(
                order,
                format!("{} is on its way", order.piece_title),
                format!(
                    "{maker} has sent {title} with {carrier}{tracking}.\n\n\
                     Please confirm on your order once it has arrived: {link}\n",
                    maker = order.maker_name,
                    title = order.piece_title,
                    carrier = shipment.carrier,
                    tracking = if shipment.tracking.is_empty() {
                        String::new()
                    } else {
                        format!(", tracking number {}", shipment.tracking)
                    },
                ),
            )]
        }
        OrderStatus::Completed => vec![to_maker(
            order,
            format!("Order {} is complete", named(order)),
            format!(
                "{title} is with {buyer}: the order is complete.\n\n{link}\n",
                title = order.piece_title,
                buyer = order.buyer_name,
            ),
        )],
        OrderStatus::Cancelled => both(
            order,
            format!("Order {} cancelled", named(order)),
            format!("The order is cancelled; nothing was paid.\n\n{link}\n"),
            format!(
                "The order is cancelled and {title} is for sale again.\n\n{link}\n",
                title = order.piece_title,
            ),
        ),
        OrderStatus::Lapsed => both(
            order,
            format!("Order {} lapsed", named(order)),
            format!(
                "No payment was recorded by {day}, so the hold on {title} has ended and the \
                 piece may be bought by someone else.\n\n{link}\n",
                title = order.piece_title,
            ),
            format!(
                "No payment was recorded by {day}: {title} is for sale again.\n\n{link}\n",
                title = order.piece_title,
            ),
        ),
        OrderStatus::Refunded => vec![to_buyer(
            order,
            format!("Order {} refunded", named(order)),
            format!(
                "{maker} cancelled the order and has refunded {total}.\n\n{link}\n",
                maker = order.maker_name,
            ),
        )],
        OrderStatus::Held => Vec::new(),
    };
    mails.into_iter().flatten().collect()
}

/// To a buyer whose card payment went through after their hold had ended: the
/// piece wasn't theirs any more, so the money went straight back.
pub fn unclaimed_refund(order: &OrderRecord, site: &str) -> Mail {
    Mail {
        to: order.buyer_email.clone(),
        letter: Letter {
            subject: format!("Your payment for {} was refunded", named(order)),
            body: format!(
                "Your card payment of {total} arrived after the hold on {title} had ended, so \
                 the order could not go ahead and the whole amount has been refunded to your \
                 card.\n\n{link}\n",
                total = order.total(),
                title = order.piece_title,
                link = order_link(order, site),
            ),
        },
    }
}
