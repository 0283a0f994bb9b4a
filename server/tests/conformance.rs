//! One storage conformance suite, run against SQLite and against PostgreSQL.
//!
//! Every case is a plain async function over `&dyn Store`; the macro at the end
//! runs each one on a fresh SQLite file and on a fresh PostgreSQL database.
#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

mod support;

mod cases {
    use app::makers::{CommissionTerms, Location, MakerCard, MakerId, NewMaker, Technique};
    use app::pieces::{
        Fineness, Metal, MetalComponent, NewPiece, Percent, PieceStatus, Price, StoneKind,
        StoneSummary,
    };
    use app::shared::{Country, Currency, ImageRef, Money, Slug};
    use app::store::{Media, Store, StoreError};
    use jiff::Timestamp;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + second).unwrap()
    }

    fn gbp(major: i64) -> Money {
        Money::from_minor(major * 100, Currency::GBP).unwrap()
    }

    fn portrait() -> Media {
        Media {
            key: "00112233445566778899aabbccddeeff.svg".into(),
            content_type: "image/svg+xml".into(),
            width: 400,
            height: 300,
            bytes: b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
        }
    }

    fn maker(slug: &str, open: bool) -> NewMaker {
        NewMaker {
            slug: Slug::parse(slug).unwrap(),
            display_name: format!("Maker {slug}"),
            tagline: "Forged rings".into(),
            story:
                "A story with 'quotes', \"double quotes\", ; DROP TABLE makers; -- and ünïcödé ✨"
                    .into(),
            location: Location {
                country: Country::parse("GB").unwrap(),
                region: Some("Scotland".into()),
                city: None,
            },
            techniques: vec![
                Technique::Forging,
                Technique::BezelSetting,
                Technique::Filigree,
            ],
            commissions: CommissionTerms {
                open,
                lead_time_weeks: Some(8),
                price_from: Some(gbp(900)),
                price_to: Some(gbp(7_500)),
            },
            portrait_key: None,
            created_at: at(0),
        }
    }

    fn piece(maker: MakerId, slug: &str, status: PieceStatus, published: Option<i64>) -> NewPiece {
        NewPiece {
            maker,
            slug: Slug::parse(slug).unwrap(),
            title: format!("Piece {slug}"),
            description: "Forged by hand.".into(),
            price: Price::Fixed(gbp(1_250)),
            metals: vec![MetalComponent {
                metal: Metal::YellowGold,
                fineness: Some(Fineness::from_karat(18).unwrap()),
                recycled: Some(Percent::new(100).unwrap()),
            }],
            stones: vec![],
            image_key: None,
            image_alt: String::new(),
            status,
            created_at: at(0),
            published_at: published.map(at),
        }
    }

    pub async fn answers_a_ping(store: &dyn Store) {
        store.ping().await.unwrap();
    }

    pub async fn starts_empty(store: &dyn Store) {
        assert_eq!(store.maker_count().await.unwrap(), 0);
        assert!(store.featured_makers(10).await.unwrap().is_empty());
        assert!(store.recent_pieces(10).await.unwrap().is_empty());
    }

    pub async fn makers_round_trip_with_techniques_in_order(store: &dyn Store) {
        store.put_media(&portrait()).await.unwrap();
        let mut new = maker("aurelia-lind", true);
        new.portrait_key = Some(portrait().key);
        store.create_maker(&new).await.unwrap();
        let cards = store.featured_makers(10).await.unwrap();
        assert_eq!(
            cards,
            vec![MakerCard {
                slug: new.slug.clone(),
                display_name: new.display_name.clone(),
                tagline: new.tagline.clone(),
                location: new.location.clone(),
                techniques: new.techniques.clone(),
                commissions: new.commissions.clone(),
                portrait: Some(ImageRef {
                    key: portrait().key,
                    width: 400,
                    height: 300,
                    alt: "Studio mark of Maker aurelia-lind".into(),
                }),
            }]
        );
        assert_eq!(store.maker_count().await.unwrap(), 1);
    }

    pub async fn refuses_a_second_maker_with_the_same_address(store: &dyn Store) {
        store.create_maker(&maker("same", true)).await.unwrap();
        let mut again = maker("same", false);
        again.display_name = "Someone else".into();
        match store.create_maker(&again).await {
            Err(StoreError::Duplicate { what }) => assert_eq!(what, "maker address"),
            other => panic!("expected a duplicate, got {other:?}"),
        }
        let cards = store.featured_makers(10).await.unwrap();
        assert_eq!(cards.len(), 1);
        assert_eq!(cards[0].display_name, "Maker same");
        assert_eq!(
            cards[0].techniques.len(),
            3,
            "the failed insert left no techniques behind"
        );
    }

    pub async fn refuses_a_piece_of_an_unknown_maker(store: &dyn Store) {
        let result = store
            .create_piece(&piece(
                MakerId(4242),
                "orphan",
                PieceStatus::Published,
                Some(1),
            ))
            .await;
        assert!(
            matches!(result, Err(StoreError::MissingReference)),
            "{result:?}"
        );
        assert!(store.recent_pieces(10).await.unwrap().is_empty());
    }

    pub async fn refuses_a_second_piece_with_the_same_address(store: &dyn Store) {
        let id = store.create_maker(&maker("m", true)).await.unwrap();
        store
            .create_piece(&piece(id, "ring", PieceStatus::Published, Some(1)))
            .await
            .unwrap();
        let again = store
            .create_piece(&piece(id, "ring", PieceStatus::Published, Some(2)))
            .await;
        assert!(
            matches!(
                again,
                Err(StoreError::Duplicate {
                    what: "piece address"
                })
            ),
            "{again:?}"
        );
        assert_eq!(store.recent_pieces(10).await.unwrap().len(), 1);
    }

    pub async fn lists_only_published_pieces_newest_first(store: &dyn Store) {
        let id = store.create_maker(&maker("m", true)).await.unwrap();
        for (slug, status, published) in [
            ("older", PieceStatus::Published, Some(10)),
            ("draft", PieceStatus::Draft, None),
            ("newest", PieceStatus::Published, Some(30)),
            ("archived", PieceStatus::Archived, Some(40)),
            ("middle", PieceStatus::Published, Some(20)),
        ] {
            store
                .create_piece(&piece(id, slug, status, published))
                .await
                .unwrap();
        }
        let slugs: Vec<String> = store
            .recent_pieces(10)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.slug.to_string())
            .collect();
        assert_eq!(slugs, ["newest", "middle", "older"]);
        assert_eq!(store.recent_pieces(2).await.unwrap().len(), 2);
    }

    pub async fn pieces_keep_materials_prices_and_pictures(store: &dyn Store) {
        let id = store.create_maker(&maker("m", true)).await.unwrap();
        store.put_media(&portrait()).await.unwrap();
        let mut new = piece(id, "sapphire-ring", PieceStatus::Published, Some(5));
        new.price = Price::MadeToOrder {
            from: Some(gbp(2_400)),
        };
        new.metals.push(MetalComponent {
            metal: Metal::Platinum,
            fineness: Some(Fineness::new(950).unwrap()),
            recycled: None,
        });
        new.stones = vec![
            StoneSummary {
                species: "sapphire".into(),
                kind: StoneKind::Natural,
            },
            StoneSummary {
                species: "diamond".into(),
                kind: StoneKind::LabGrown,
            },
        ];
        new.image_key = Some(portrait().key);
        new.image_alt = "A ring".into();
        store.create_piece(&new).await.unwrap();
        let card = store.recent_pieces(1).await.unwrap().remove(0);
        assert_eq!(card.title, "Piece sapphire-ring");
        assert_eq!(card.maker_slug.as_str(), "m");
        assert_eq!(card.maker_name, "Maker m");
        assert_eq!(
            card.price,
            Price::MadeToOrder {
                from: Some(gbp(2_400))
            }
        );
        assert_eq!(
            card.materials,
            "18k yellow gold (100% recycled), 950 platinum, natural sapphire, laboratory-grown diamond"
        );
        assert_eq!(card.image.unwrap().alt, "A ring");
    }

    pub async fn features_makers_with_the_latest_work_first(store: &dyn Store) {
        let quiet = store.create_maker(&maker("quiet", true)).await.unwrap();
        let busy = store.create_maker(&maker("busy", false)).await.unwrap();
        store.create_maker(&maker("new-here", true)).await.unwrap();
        store
            .create_piece(&piece(quiet, "a", PieceStatus::Published, Some(1)))
            .await
            .unwrap();
        store
            .create_piece(&piece(busy, "b", PieceStatus::Published, Some(9)))
            .await
            .unwrap();
        let order: Vec<String> = store
            .featured_makers(10)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.slug.to_string())
            .collect();
        assert_eq!(order, ["busy", "quiet", "new-here"]);
    }

    pub async fn media_is_stored_once_per_key(store: &dyn Store) {
        store.put_media(&portrait()).await.unwrap();
        store.put_media(&portrait()).await.unwrap();
        assert_eq!(
            store.media(&portrait().key).await.unwrap(),
            Some(portrait())
        );
        assert_eq!(
            store
                .media("ffffffffffffffffffffffffffffffff.svg")
                .await
                .unwrap(),
            None
        );
    }

    pub async fn demo_data_is_seeded_once_and_deterministically(store: &dyn Store) {
        let report = touchstone_server::demo::seed_if_empty(store)
            .await
            .unwrap()
            .unwrap();
        assert!(report.makers >= 12 && report.pieces >= 60 + report.makers / 3);
        assert!(
            touchstone_server::demo::seed_if_empty(store)
                .await
                .unwrap()
                .is_none()
        );
        let makers = store.featured_makers(100).await.unwrap();
        assert_eq!(makers.len(), report.makers);
        let pieces = store.recent_pieces(1000).await.unwrap();
        assert!(pieces.len() >= 60, "{} published pieces", pieces.len());
        // The same seed gives the same catalogue on every backend and every run.
        let fresh = super::support::TestDb::sqlite().await;
        touchstone_server::demo::seed_if_empty(fresh.store().as_ref())
            .await
            .unwrap();
        assert_eq!(fresh.store().recent_pieces(1000).await.unwrap(), pieces);
        assert_eq!(fresh.store().featured_makers(100).await.unwrap(), makers);
    }
}

macro_rules! conformance_suite {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = super::support::TestDb::sqlite().await;
                    super::cases::$case(db.store().as_ref()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(db) = super::support::TestDb::postgres().await else { return };
                    super::cases::$case(db.store().as_ref()).await;
                }
            )*
        }
    };
}

conformance_suite!(
    answers_a_ping,
    starts_empty,
    makers_round_trip_with_techniques_in_order,
    refuses_a_second_maker_with_the_same_address,
    refuses_a_piece_of_an_unknown_maker,
    refuses_a_second_piece_with_the_same_address,
    lists_only_published_pieces_newest_first,
    pieces_keep_materials_prices_and_pictures,
    features_makers_with_the_latest_work_first,
    media_is_stored_once_per_key,
    demo_data_is_seeded_once_and_deterministically,
);
