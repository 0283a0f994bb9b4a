//! The studio as a browser without JavaScript drives it: drafts, uploads, the
//! piece editor's form and publishing.

use super::{Answer, TestApp, Visitor, png};
use crate::support::assert_shows;
use app::pieces::PieceId;
use app::studio::StudioPiece;
use reqwest::StatusCode;

/// Creates a draft and returns its id, read from the editor's address.
pub async fn new_piece(visitor: &mut Visitor<'_>, title: &str) -> i64 {
    let (to, page) = visitor
        .submit("/api/studio/new-piece", &[("title", title)])
        .await;
    assert_shows(&page, "Draft created");
    to.trim_start_matches("/studio/pieces/").parse().unwrap()
}

/// Files of one upload: (file name, bytes).
pub type Files<'a> = Vec<(&'a str, Vec<u8>)>;

pub async fn upload(visitor: &mut Visitor<'_>, piece: i64, files: Files<'_>) -> Answer {
    super::post_files(
        visitor,
        &format!("/studio/pieces/{piece}/photos"),
        "photos",
        files,
    )
    .await
}

/// Follows a redirect the way a browser does, returning the page.
pub async fn follow(visitor: &mut Visitor<'_>, answer: Answer) -> Answer {
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let to = answer.location.unwrap();
    visitor.get(&to).await
}

/// The studio of the account at `owner_email`.
pub async fn maker_of(app: &TestApp, owner_email: &str) -> app::makers::MakerId {
    let account = app
        .store
        .account_by_email(&app::accounts::Email::parse(owner_email).unwrap())
        .await
        .unwrap()
        .unwrap();
    app.store.studio_of(account.id).await.unwrap().unwrap().id
}

pub async fn saved(app: &TestApp, owner_email: &str, piece: i64) -> StudioPiece {
    app.store
        .studio_piece(maker_of(app, owner_email).await, PieceId(piece))
        .await
        .unwrap()
        .unwrap()
}

/// The piece's provenance passport as anyone sees it.
pub async fn passport_page(app: &TestApp, owner_email: &str, piece: i64) -> Answer {
    let passport = saved(app, owner_email, piece)
        .await
        .passport
        .expect("a passport once buyers can see the piece");
    Visitor::new(app)
        .get(&format!("/passport/{passport}"))
        .await
}

/// Posts the piece editor's form.
pub async fn save_piece(
    visitor: &mut Visitor<'_>,
    fields: &[(String, String)],
) -> (String, Answer) {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    visitor.submit("/api/studio/save-piece", &fields).await
}

/// A vermeil ring with a laboratory-grown sapphire, as the form posts it.
pub fn piece_fields(piece: i64, thickness: &str) -> Vec<(String, String)> {
    [
        ("piece", piece.to_string()),
        ("title", "Tidal ring".into()),
        (
            "description",
            "A vermeil band set with a laboratory-grown sapphire.".into(),
        ),
        ("pricing", "fixed".into()),
        ("currency", "SEK".into()),
        ("price", "4,200".into()),
        ("dimensions", "Band 3 mm".into()),
        ("designed_by", "Maya Lindqvist".into()),
        ("made_in", "SE".into()),
        ("edition", "one-of-one".into()),
        ("steps[0][technique]", "forging".into()),
        ("steps[0][partner]", "".into()),
        ("steps[1][technique]", "bezel-setting".into()),
        ("steps[1][partner]", "".into()),
        ("metals[0][metal]", "silver".into()),
        ("metals[0][fineness]", "925".into()),
        ("metals[0][surface]", "vermeil".into()),
        ("metals[0][layer_fineness]", "18k".into()),
        ("metals[0][layer_thickness]", thickness.into()),
        ("metals[0][recycled]", "100".into()),
        ("metals[1][metal]", "".into()),
        ("stones[0][species]", "sapphire".into()),
        ("stones[0][nature]", "lab-grown".into()),
        ("stones[0][treatment]", "untreated".into()),
        ("stones[0][history]", "new".into()),
        ("stones[1][species]", "".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

pub async fn post_owned(
    visitor: &mut Visitor<'_>,
    path: &str,
    fields: &[(String, String)],
) -> Answer {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    visitor.post(path, &borrowed).await
}

/// A published piece with a photo and a published profile at `slug`, by the maker
/// signed in as `email` with their studio open there; the piece's id.
pub async fn published_piece(
    app: &TestApp,
    maya: &mut Visitor<'_>,
    email: &str,
    slug: &str,
) -> i64 {
    let piece = new_piece(maya, "Tidal ring").await;
    let uploaded = upload(maya, piece, vec![("ring.png", png(900, 700))]).await;
    follow(maya, uploaded).await;
    let key = saved(app, email, piece).await.photos[0].key.clone();
    let id = piece.to_string();
    maya.submit(
        "/api/studio/arrange-photos",
        &[
            ("piece", id.as_str()),
            ("photos[0][key]", &key),
            ("photos[0][alt]", "The ring from above"),
            ("action", "save"),
        ],
    )
    .await;
    let (_, editor) = save_piece(maya, &piece_fields(piece, "2.5")).await;
    assert_shows(&editor, "Saved.");
    maya.submit(
        "/api/studio/piece-status",
        &[("piece", id.as_str()), ("action", "publish")],
    )
    .await;
    maya.submit(
        "/api/studio/save-profile",
        &maya_studio(slug, &[("story", "I forge every ring from one bar.")]),
    )
    .await;
    maya.submit("/api/studio/publish-profile", &[("publish", "yes")])
        .await;
    assert!(saved(app, email, piece).await.passport.is_some());
    piece
}

/// Maya's studio as its form sends it, at `slug`, with `more` fields after.
pub fn maya_studio<'a>(slug: &'a str, more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("display_name", "Maya Lindqvist"),
        ("slug", slug),
        ("country", "SE"),
        ("tagline", "Forged silver"),
    ];
    fields.extend_from_slice(more);
    fields
}

/// A confirmed account, signed in, with a studio open at `slug`.
pub async fn maker<'a>(app: &'a TestApp, email: &str, slug: &str) -> Visitor<'a> {
    let mut visitor = super::signed_in(app, email).await;
    let (to, page) = visitor
        .submit(
            "/api/studio/open",
            &maya_studio(slug, &[("city", "Gothenburg")]),
        )
        .await;
    assert_eq!(to, "/studio", "{}", page.body);
    visitor
}
