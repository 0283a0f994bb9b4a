//! The studio's terms of sale, and the checkout: what a buyer is shown before
//! anything is paid, and the hold on one unit that placing the order takes.

use super::desk::{MAX_HOLDS, OrderDesk, to_order};
use super::{CheckoutForm, CheckoutView, NewOrder, OrderBuyer, SalesTermsForm, platform_fee};
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::provenance::Edition;
use crate::shared::{Money, Next};
use crate::store::{Conflict, StoreError};
use jiff::SignedDuration;

impl OrderDesk<'_> {
    /// The studio's terms as its form shows them (blank until written).
    pub async fn terms_form(
        &self,
        viewer: Option<&StoredAccount>,
    ) -> Result<SalesTermsForm, ServiceError> {
        let studio = self.studio(viewer).await?;
        Ok(self
            .orders
            .sales_terms(studio.id)
            .await?
            .map(|terms| SalesTermsForm::of(&terms))
            .unwrap_or_default())
    }

    pub async fn save_terms(
        &self,
        viewer: Option<&StoredAccount>,
        form: &SalesTermsForm,
    ) -> Result<Next, ServiceError> {
        let studio = self.studio(viewer).await?;
        let terms = form.parse().map_err(ServiceError::Invalid)?;
        self.orders
            .set_sales_terms(studio.id, &terms, self.now)
            .await?;
        Ok(Next {
            path: "/studio/selling".into(),
            form: "selling",
            notice: Some("Your terms of sale are saved: your priced pieces can be bought.".into()),
        })
    }

    /// The piece as the checkout offers it; "not found" unless it can be bought.
    pub async fn checkout_page(
        &self,
        viewer: Option<&StoredAccount>,
        slug: &str,
    ) -> Result<CheckoutView, ServiceError> {
        let piece = self
            .orders
            .piece_for_sale(slug.trim())
            .await?
            .ok_or(ServiceError::NotFound)?;
        let edition = piece
            .disclosure
            .as_ref()
            .map_or(Edition::OneOfOne, |disclosure| disclosure.making.edition);
        let units = edition.units_for_sale();
        let (Some(price), Some(terms)) = (piece.price, piece.terms) else {
            return Err(ServiceError::NotFound);
        };
        if units == 0 {
            return Err(ServiceError::NotFound);
        }
        if piece.sold_units >= units {
            return Err(ServiceError::Conflict("This piece has been sold.".into()));
        }
        Ok(CheckoutView {
            piece_slug: piece.slug,
            piece_title: piece.title,
            maker_name: piece.maker_name,
            price,
            edition: match edition {
                Edition::Limited { of, .. } => Some(format!(
                    "A limited edition of {of}: {} still for sale.",
                    units - piece.sold_units
                )),
                Edition::OneOfOne | Edition::MadeToOrder => None,
            },
            terms,
            signed_in: viewer.is_some(),
        })
    }

    /// Holds a unit of the piece for the buyer, and takes them to their order;
    /// a guest (`client` is their connection, for the mail limits) to the
    /// email that confirms their address.
    pub async fn checkout(
        &self,
        viewer: Option<&StoredAccount>,
        form: &CheckoutForm,
        client: &str,
    ) -> Result<Next, ServiceError> {
        let piece = self
            .orders
            .piece_for_sale(form.piece.trim())
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (Some(price), Some(terms)) = (piece.price, piece.terms.clone()) else {
            return Err(ServiceError::NotFound);
        };
        let buyer = self.buyer_of(viewer, form)?;
        if let Some(account) = viewer
            && let Some(studio) = self.studios.studio_of(account.id).await?
            && studio.id == piece.maker
        {
            return Err(ServiceError::Invalid(
                "This is your own piece: it can't be bought from your own studio.".into(),
            ));
        }
        let delivery = form.delivery(&terms).map_err(ServiceError::Invalid)?;
        let holding = self
            .orders
            .running_holds(&buyer, piece.piece, self.now)
            .await?;
        if holding >= MAX_HOLDS {
            return Err(ServiceError::Conflict(format!(
                "You have {MAX_HOLDS} pieces held for you already: please pay for or cancel one of those orders first."
            )));
        }
        let delivery_fee = match delivery {
            super::Delivery::Post(_) => terms
                .delivery_fee
                .ok_or_else(|| ServiceError::internal("posting chosen without a delivery price"))?,
            super::Delivery::Collection => {
                Money::from_minor(0, price.currency()).map_err(ServiceError::internal)?
            }
        };
        if delivery_fee.currency() != price.currency() {
            return Err(ServiceError::Invalid(
                "This studio's delivery price is in another currency: please choose collection, or ask the maker.".into(),
            ));
        }
        let edition = piece
            .disclosure
            .as_ref()
            .map_or(Edition::OneOfOne, |disclosure| disclosure.making.edition);
        let order = NewOrder {
            piece: piece.piece,
            maker: piece.maker,
            buyer: buyer.clone(),
            units: edition.units_for_sale(),
            edition: edition.number_of_unit(1),
            price,
            delivery_fee,
            fee_minor: platform_fee(price.minor(), self.fee_basis_points),
            delivery,
            terms,
            hold_until: self.now + SignedDuration::from_mins(super::HOLD_MINUTES),
            at: self.now,
        };
        match self.orders.hold_piece(&order).await {
            Ok(held) if matches!(buyer, OrderBuyer::Guest { .. }) => {
                self.welcome_guest(held, client).await
            }
            Ok(held) => Ok(to_order(
                held.id(),
                format!(
                    "{} is held for you for {} minutes while you choose how to pay.",
                    piece.title,
                    super::HOLD_MINUTES
                ),
            )),
            Err(StoreError::Duplicate(Conflict::PieceTaken)) => Err(ServiceError::Conflict(
                "Someone else is buying this piece just now. If they don't complete their order, it will be for sale again within a few minutes."
                    .into(),
            )),
            Err(error) => Err(error.into()),
        }
    }
}
