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

/// Where each side's letters take them: the order's page, for a guest with the
/// key that opens it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    pub buyer: String,
    pub maker: String,
}

/// To the buyer, once their address is known to be theirs: a guest who never
/// confirmed it is sent nothing but the link that confirms it.
fn to_buyer(order: &OrderRecord, subject: String, body: String) -> Option<Mail> {
    order.email_confirmed.then(|| Mail {
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

/// The letters for `order` having moved from `from` to `to` (the order as it
/// is after the step). A hold ending at the checkout is the buyer's news only:
/// the studio never saw it.
pub fn for_step(
    order: &OrderRecord,
    from: OrderStatus,
    to: OrderStatus,
    links: &Links,
    day: &str,
) -> Vec<Mail> {
    let (buyer_link, maker_link) = (&links.buyer, &links.maker);
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
                     Your order: {buyer_link}\n",
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
                     Record the payment once it arrives: {maker_link}\n",
                    buyer = order.buyer_name,
                    title = order.piece_title,
                ),
            ),
        ],
        OrderStatus::Paid => vec![to_buyer(
            order,
            format!("Payment received for {}", named(order)),
            format!(
                "{maker} has received your payment of {total}. {next}\n\nYour order: {buyer_link}\n",
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
                     Please confirm on your order once it has arrived: {buyer_link}\n",
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
                "{title} is with {buyer}: the order is complete.\n\n{maker_link}\n",
                title = order.piece_title,
                buyer = order.buyer_name,
            ),
        )],
        OrderStatus::Cancelled if from == OrderStatus::Held => vec![to_buyer(
            order,
            format!("Order {} cancelled", named(order)),
            format!("The order is cancelled; nothing was paid.\n\n{buyer_link}\n"),
        )],
        OrderStatus::Cancelled => both(
            order,
            format!("Order {} cancelled", named(order)),
            format!("The order is cancelled; nothing was paid.\n\n{buyer_link}\n"),
            format!(
                "The order is cancelled and {title} is for sale again.\n\n{maker_link}\n",
                title = order.piece_title,
            ),
        ),
        OrderStatus::Lapsed => {
            let to_buyer_text = format!(
                "No payment was recorded by {day}, so the hold on {title} has ended and the \
                 piece may be bought by someone else.\n\n{buyer_link}\n",
                title = order.piece_title,
            );
            if from == OrderStatus::Held {
                vec![to_buyer(
                    order,
                    format!("Order {} lapsed", named(order)),
                    to_buyer_text,
                )]
            } else {
                both(
                    order,
                    format!("Order {} lapsed", named(order)),
                    to_buyer_text,
                    format!(
                        "No payment was recorded by {day}: {title} is for sale again.\n\n{maker_link}\n",
                        title = order.piece_title,
                    ),
                )
            }
        }
        OrderStatus::Refunded => vec![to_buyer(
            order,
            format!("Order {} refunded", named(order)),
            format!(
                "{maker} cancelled the order and has refunded {total}.\n\n{buyer_link}\n",
                maker = order.maker_name,
            ),
        )],
        OrderStatus::Held => Vec::new(),
    };
    mails.into_iter().flatten().collect()
}

/// To a buyer whose card payment went through after their hold had ended: the
/// piece wasn't theirs any more, so the money went straight back.
pub fn unclaimed_refund(order: &OrderRecord, buyer_link: &str) -> Mail {
    Mail {
        to: order.buyer_email.clone(),
        letter: Letter {
            subject: format!("Your payment for {} was refunded", named(order)),
            body: format!(
                "Your card payment of {total} arrived after the hold on {title} had ended, so \
                 the order could not go ahead and the whole amount has been refunded to your \
                 card.\n\n{buyer_link}\n",
                total = order.total(),
                title = order.piece_title,
            ),
        },
    }
}

/// To a guest who checked out: the link that confirms their address and opens
/// their order, where they choose how to pay.
pub fn confirm_address(order: &OrderRecord, link: &str, hold_minutes: i64) -> Mail {
    Mail {
        to: order.buyer_email.clone(),
        letter: Letter {
            subject: format!("Confirm your order of {}", order.piece_title),
            body: format!(
                "Hello {name},\n\n{title} from {maker} is held for you for {hold_minutes} \
                 minutes. Confirm your email address and choose how to pay here:\n\n{link}\n\n\
                 Keep this email: the link opens your order ({reference}) whenever you need it.\n\n\
                 If you didn't ask for this, ignore this email and the piece is released.\n",
                name = order.buyer_name,
                title = order.piece_title,
                maker = order.maker_name,
                reference = order.id.reference(),
            ),
        },
    }
}

/// To a guest who checked out again while their order stands: the link to it.
pub fn order_link(order: &OrderRecord, link: &str) -> Mail {
    Mail {
        to: order.buyer_email.clone(),
        letter: Letter {
            subject: format!("Your order {}", named(order)),
            body: format!(
                "Hello {name},\n\nYour order of {title} from {maker} is here:\n\n{link}\n",
                name = order.buyer_name,
                title = order.piece_title,
                maker = order.maker_name,
            ),
        },
    }
}
