use crate::accounts::{
    AccountPage, ConfirmPage, MailboxPage, NewPasswordPage, ResetPage, SignInPage, SignUpPage,
};
use crate::booking::{
    BookConsultationPage, BookingPage, BuyerBookingsPage, BuyerMovePage, CheckYourEmailPage,
    ConfirmBookingPage, MakerMovePage, StudioBookingPage, StudioBookingsPage,
    StudioConsultationsPage,
};
use crate::commissions::{
    AgreementPage, BuyerCommissionsPage, CommissionPage, CustodyReceiptPage, RequestCommissionPage,
    StudioCommissionsPage,
};
use crate::error::AppError;
use crate::home::HomePage;
use crate::layout::{ErrorPage, Layout};
use crate::makers::{MakerDirectoryPage, MakerProfilePage};
use crate::operator::{EvidenceQueuePage, EvidenceReviewPage};
use crate::orders::{
    BuyerOrdersPage, CheckoutPage, GuestCheckoutSentPage, OrderPage, OwnedPiecesPage, SellingPage,
    StudioOrdersPage,
};
use crate::pieces::PiecePage;
use crate::provenance::{PassportPage, PassportWorkPage};
use crate::search::SearchPage;
use crate::studio::{DeletePiecePage, StudioPage, StudioPiecePage, StudioProfilePage};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document every page is rendered into.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1f1b16"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every route renders completely on the server before the first byte is sent
/// (`SsrMode::Async`): pages work without JavaScript, search engines see the
/// content, and a missing record can still answer with a 404 status.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <ErrorPage error=AppError::NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/makers") view=MakerDirectoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/makers/:slug") view=MakerProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/makers/:slug/consultations/:id") view=BookConsultationPage ssr=SsrMode::Async/>
                    <Route path=path!("/makers/:slug/commission") view=RequestCommissionPage ssr=SsrMode::Async/>
                    <Route path=path!("/commissions") view=BuyerCommissionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/commissions/:id") view=CommissionPage ssr=SsrMode::Async/>
                    <Route path=path!("/commissions/:id/agreement") view=AgreementPage ssr=SsrMode::Async/>
                    <Route path=path!("/commissions/:id/custody/:item") view=CustodyReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/bookings") view=BuyerBookingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/bookings/confirm") view=ConfirmBookingPage ssr=SsrMode::Async/>
                    <Route path=path!("/bookings/check-your-email") view=CheckYourEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/bookings/:id") view=BookingPage ssr=SsrMode::Async/>
                    <Route path=path!("/bookings/:id/move") view=BuyerMovePage ssr=SsrMode::Async/>
                    <Route path=path!("/pieces/:slug") view=PiecePage ssr=SsrMode::Async/>
                    <Route path=path!("/pieces/:slug/buy") view=CheckoutPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/check-your-email") view=GuestCheckoutSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id") view=OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/orders") view=BuyerOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/pieces") view=OwnedPiecesPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/confirm") view=ConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/reset") view=ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/new-password") view=NewPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio") view=StudioPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/profile") view=StudioProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/consultations") view=StudioConsultationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/commissions") view=StudioCommissionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/orders") view=StudioOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/selling") view=SellingPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/bookings") view=StudioBookingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/bookings/:id") view=StudioBookingPage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/bookings/:id/move") view=MakerMovePage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/pieces/:id") view=StudioPiecePage ssr=SsrMode::Async/>
                    <Route path=path!("/studio/pieces/:id/delete") view=DeletePiecePage ssr=SsrMode::Async/>
                    <Route path=path!("/operator/evidence") view=EvidenceQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/operator/evidence/:piece/:sha256") view=EvidenceReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/dev/mail") view=MailboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/passport/:id") view=PassportPage ssr=SsrMode::Async/>
                    <Route path=path!("/passport/:id/v/:version") view=PassportPage ssr=SsrMode::Async/>
                    <Route path=path!("/passport/:id/work") view=PassportWorkPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
