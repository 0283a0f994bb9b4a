//! One storage conformance suite, run against SQLite and against PostgreSQL.
//!
//! Every case is a plain async function over `&dyn Store`; the macro at the end
//! runs each one on a fresh SQLite file and on a fresh PostgreSQL database.

mod cases {
    pub use crate::cases::booking::*;
    pub use crate::cases::commissions::*;
    pub use crate::cases::custody::*;
    pub use crate::cases::orders::*;
    pub use crate::cases::studio::*;
    use app::makers::{
        CommissionTerms, Location, MakerCard, MakerEdit, MakerId, NewMaker, Technique,
    };
    use app::pieces::{
        Fineness, Metal, MetalComponent, NewPiece, Percent, PieceStatus, Price, Sourcing,
        StoneKind, StoneSummary,
    };
    use app::provenance::Disclosure;
    use app::search::{ListingQuery, PriceBand, StoneFacet};
    use app::shared::{Country, Currency, ImageRef, Money, Slug};
    use app::store::{Conflict, Media, Store, StoreError};
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
            private: false,
            maker: None,
        }
    }

    fn maker(slug: &str, open: bool) -> NewMaker {
        NewMaker {
            profile: MakerEdit {
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
                studio: "A shed in the garden".into(),
                making_policy: "Designed and made by me".into(),
            },
            portrait_key: None,
            created_at: at(0),
            published_at: Some(at(0)),
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
            dimensions: "Ring size N".into(),
            techniques: vec![Technique::Forging],
            sourcing: vec![],
            gallery: vec![],
            disclosure: None,
            image_key: None,
            image_alt: String::new(),
            status,
            created_at: at(0),
            published_at: published.map(at),
        }
    }

    /// A disclosure with every kind of claim: plated metal, a lab-grown stone with a
    /// report, a treated natural stone, partners, evidence of every level.
    fn full_disclosure() -> Disclosure {
        use app::provenance::*;
        Disclosure {
            making: Making {
                designed_by: Claim::declared("Ana Ruiz".into()),
                steps: vec![
                    Claim::declared(MakingStep {
                        technique: Technique::ProngSetting,
                        by: app::provenance::Maker::TheMaker,
                    }),
                    Claim {
                        value: MakingStep {
                            technique: Technique::CadCasting,
                            by: app::provenance::Maker::Partner {
                                name: "Cast & Co, Birmingham".into(),
                            },
                        },
                        evidence: Evidence::Verified {
                            by: "operator".into(),
                            on: "2026-10-02".into(),
                            sha256: None,
                            public: false,
                        },
                    },
                ],
                made_in: Claim::declared(Country::parse("ES").unwrap()),
                made_on: Some("2026-09".into()),
                edition: Edition::Limited { number: 3, of: 10 },
            },
            metals: vec![MetalDisclosure {
                metal: Metal::Silver,
                fineness: Some(Claim::declared(Fineness::STERLING)),
                surface: Claim::declared(Surface::Vermeil {
                    gold_fineness: Fineness::from_karat(18).unwrap(),
                    thickness: Micrometres::hundredths(300),
                }),
                weight: Some(Claim::declared(Milligrams(6_400))),
                hallmark: None,
                recycled: Some(Claim {
                    value: Percent::new(80).unwrap(),
                    evidence: Evidence::DocumentBacked {
                        sha256: "ab".repeat(32),
                        public: false,
                    },
                }),
                scheme: None,
            }],
            stones: vec![
                StoneDisclosure {
                    species: "diamond".into(),
                    nature: Claim::declared(StoneNature::LaboratoryGrown {
                        method: Some(GrowthMethod::Cvd),
                    }),
                    treatments: Claim::declared(Treatments::Untreated),
                    origin: None,
                    history: StoneHistory::New,
                    report: Some(Claim::declared(GradingReport {
                        lab: "IGI".into(),
                        number: "LG512345678".into(),
                        date: "2026-08-14".into(),
                        carat_hundredths: Some(52),
                        colour: Some("E".into()),
                        clarity: Some("VS1".into()),
                        cut: Some("Excellent".into()),
                    })),
                    warranty: None,
                },
                StoneDisclosure {
                    species: "emerald".into(),
                    nature: Claim::declared(StoneNature::Natural),
                    treatments: Claim::declared(Treatments::Treated {
                        kinds: vec![TreatmentKind::Oiling],
                    }),
                    origin: Some(Claim::declared(StoneOrigin {
                        country: Country::parse("CO").unwrap(),
                        source: Some("Muzo \u{2014} artisanal miners' cooperative".into()),
                    })),
                    history: StoneHistory::Reclaimed,
                    report: None,
                    warranty: None,
                },
            ],
            care: Some("No ultrasonic cleaning; the emerald is oiled.".into()),
            markets: Markets {
                united_kingdom: true,
            },
        }
    }

    pub async fn disclosures_round_trip_exactly(store: &dyn Store) {
        let maker = store.create_maker(&maker("ana", true)).await.unwrap();
        let disclosure = full_disclosure();
        let mut with = piece(maker, "disclosed", PieceStatus::Published, Some(1));
        with.disclosure = Some(disclosure.clone());
        store.create_piece(&with).await.unwrap();
        store
            .create_piece(&piece(
                maker,
                "undisclosed",
                PieceStatus::Published,
                Some(2),
            ))
            .await
            .unwrap();

        let detail = store.piece_detail("disclosed").await.unwrap().unwrap();
        assert_eq!(detail.disclosure, Some(disclosure));
        let detail = store.piece_detail("undisclosed").await.unwrap().unwrap();
        assert_eq!(detail.disclosure, None);
    }

    fn new_account(email: &str) -> app::accounts::NewAccount {
        app::accounts::NewAccount {
            email: app::accounts::Email::parse(email).unwrap(),
            display_name: app::accounts::DisplayName::parse("Ana Ruiz").unwrap(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA".into(),
            role: app::accounts::Role::Buyer,
            created_at: at(0),
        }
    }

    pub async fn accounts_are_one_per_email_address(store: &dyn Store) {
        let id = store
            .create_account(&new_account("ana@example.com"))
            .await
            .unwrap();
        let again = store
            .create_account(&new_account(" ANA@example.com "))
            .await;
        assert!(
            matches!(again, Err(StoreError::Duplicate(Conflict::EmailAddress))),
            "{again:?}"
        );
        let email = app::accounts::Email::parse("Ana@Example.com").unwrap();
        let account = store.account_by_email(&email).await.unwrap().unwrap();
        assert_eq!(account.id, id);
        assert_eq!(account.display_name.as_str(), "Ana Ruiz");
        assert_eq!(account.role, app::accounts::Role::Buyer);
        assert!(!account.email_verified);
        assert_eq!(store.account(id).await.unwrap(), Some(account.clone()));

        store.mark_email_verified(id, at(5)).await.unwrap();
        store.set_password(id, "$argon2id$new").await.unwrap();
        let changed = store.account(id).await.unwrap().unwrap();
        assert!(changed.email_verified);
        assert_eq!(changed.password_hash, "$argon2id$new");
        assert_eq!(changed.session_epoch, account.session_epoch + 1);
        let nobody = app::accounts::Email::parse("nobody@example.com").unwrap();
        assert_eq!(store.account_by_email(&nobody).await.unwrap(), None);
    }

    pub async fn emailed_links_work_once_and_only_in_time(store: &dyn Store) {
        use app::accounts::{NewToken, TokenPurpose};
        let id = store
            .create_account(&new_account("ana@example.com"))
            .await
            .unwrap();
        let token = |digest: &str, purpose, expires| NewToken {
            digest: digest.into(),
            account: id,
            purpose,
            expires_at: at(expires),
        };
        store
            .create_token(&token("a", TokenPurpose::VerifyEmail, 100))
            .await
            .unwrap();
        store
            .create_token(&token("b", TokenPurpose::ResetPassword, 100))
            .await
            .unwrap();
        // The wrong purpose does not use a token up.
        assert_eq!(
            store
                .take_token("a", TokenPurpose::ResetPassword, at(1))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .take_token("a", TokenPurpose::VerifyEmail, at(1))
                .await
                .unwrap(),
            Some((id, at(100)))
        );
        assert_eq!(
            store
                .take_token("a", TokenPurpose::VerifyEmail, at(1))
                .await
                .unwrap(),
            None
        );
        // Expired: refused, and gone.
        assert_eq!(
            store
                .take_token("b", TokenPurpose::ResetPassword, at(100))
                .await
                .unwrap(),
            None
        );
        // All of an account's links can be withdrawn at once.
        for digest in ["c", "d"] {
            store
                .create_token(&token(digest, TokenPurpose::ResetPassword, 100))
                .await
                .unwrap();
        }
        store.delete_tokens(id).await.unwrap();
        assert_eq!(
            store
                .take_token("c", TokenPurpose::ResetPassword, at(1))
                .await
                .unwrap(),
            None
        );
    }

    pub async fn failed_sign_ins_are_counted_per_key_within_the_window(store: &dyn Store) {
        let keys = [
            "account:ana@example.com".to_owned(),
            "client:10.0.0.1".to_owned(),
        ];
        for second in [10, 20, 30] {
            store
                .record_login_failure(&keys, at(second), at(0))
                .await
                .unwrap();
        }
        assert_eq!(
            store.login_failures_since(&keys[0], at(0)).await.unwrap(),
            3
        );
        assert_eq!(
            store.login_failures_since(&keys[1], at(15)).await.unwrap(),
            2
        );
        assert_eq!(
            store
                .login_failures_since("account:other", at(0))
                .await
                .unwrap(),
            0
        );
        // Old failures are forgotten as new ones arrive.
        store
            .record_login_failure(&keys[..1], at(40), at(25))
            .await
            .unwrap();
        assert_eq!(
            store.login_failures_since(&keys[0], at(0)).await.unwrap(),
            2
        );
        store.clear_login_failures(&keys[0]).await.unwrap();
        assert_eq!(
            store.login_failures_since(&keys[0], at(0)).await.unwrap(),
            0
        );
        assert_eq!(
            store.login_failures_since(&keys[1], at(0)).await.unwrap(),
            3
        );
        // One event can be taken back (a sign-in that turned out right).
        store.forget_login_failure(&keys[1], at(40)).await.unwrap();
        assert_eq!(
            store.login_failures_since(&keys[1], at(0)).await.unwrap(),
            3,
            "nothing was recorded for that key at that moment"
        );
        store
            .record_login_failure(&keys[1..], at(50), at(0))
            .await
            .unwrap();
        store.forget_login_failure(&keys[1], at(50)).await.unwrap();
        assert_eq!(
            store.login_failures_since(&keys[1], at(0)).await.unwrap(),
            3
        );
    }

    pub async fn sessions_live_until_they_expire(store: &dyn Store) {
        assert!(
            store
                .insert_session("s1", "{\"a\":1}", at(100))
                .await
                .unwrap()
        );
        assert!(!store.insert_session("s1", "{}", at(100)).await.unwrap());
        assert_eq!(
            store.load_session("s1", at(50)).await.unwrap().as_deref(),
            Some("{\"a\":1}")
        );
        store
            .save_session("s1", "{\"a\":2}", at(200))
            .await
            .unwrap();
        assert_eq!(
            store.load_session("s1", at(150)).await.unwrap().as_deref(),
            Some("{\"a\":2}")
        );
        assert_eq!(store.load_session("s1", at(200)).await.unwrap(), None);
        store.save_session("s2", "{}", at(300)).await.unwrap();
        assert_eq!(store.delete_expired_sessions(at(250)).await.unwrap(), 1);
        store.delete_session("s2").await.unwrap();
        assert_eq!(store.load_session("s2", at(0)).await.unwrap(), None);
    }

    pub async fn the_outbox_keeps_mail_newest_first(store: &dyn Store) {
        store
            .queue_mail("ana@example.com", "First", "Hello", at(0))
            .await
            .unwrap();
        store
            .queue_mail("ben@example.com", "Second", "Hi", at(60))
            .await
            .unwrap();
        let mail = store.recent_mail(10).await.unwrap();
        assert_eq!(
            mail.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
            ["Second", "First"]
        );
        assert_eq!(mail[1].body, "Hello");
        assert_eq!(mail[1].to, "ana@example.com");
        assert_eq!(store.recent_mail(1).await.unwrap().len(), 1);
    }

    pub async fn passports_keep_every_version_and_their_keys(store: &dyn Store) {
        use app::provenance::NewPassportVersion;
        let maker = store.create_maker(&maker("ana", true)).await.unwrap();
        let mut disclosed = piece(maker, "disclosed", PieceStatus::Published, Some(1));
        disclosed.disclosure = Some(full_disclosure());
        store.create_piece(&disclosed).await.unwrap();
        store
            .create_piece(&piece(maker, "plain", PieceStatus::Published, Some(2)))
            .await
            .unwrap();
        let mut draft = piece(maker, "draft", PieceStatus::Draft, None);
        draft.disclosure = Some(full_disclosure());
        store.create_piece(&draft).await.unwrap();

        assert_eq!(
            store.pieces_without_passport().await.unwrap(),
            ["disclosed"]
        );
        assert_eq!(store.passport_of_piece("draft").await.unwrap(), None);
        let (piece_id, latest) = store.passport_of_piece("disclosed").await.unwrap().unwrap();
        assert_eq!(latest, None);

        store
            .register_passport_key("key-1", "aa", at(0))
            .await
            .unwrap();
        store
            .register_passport_key("key-1", "bb", at(1))
            .await
            .unwrap();
        let version = |number: u32, key: &str| NewPassportVersion {
            id: "p1".into(),
            version: number,
            key_id: key.into(),
            payload: format!("{{\"version\":{number}}}"),
            signature: "cc".into(),
            issued_at: at(i64::from(number)),
        };
        assert!(
            store
                .add_passport_version(piece_id, &version(1, "key-1"))
                .await
                .unwrap()
        );
        assert!(
            !store
                .add_passport_version(piece_id, &version(1, "key-1"))
                .await
                .unwrap()
        );
        store
            .register_passport_key("key-2", "dd", at(2))
            .await
            .unwrap();
        assert!(
            store
                .add_passport_version(piece_id, &version(2, "key-2"))
                .await
                .unwrap()
        );

        let newest = store.passport("p1", None).await.unwrap().unwrap();
        assert_eq!((newest.version, newest.latest_version), (2, 2));
        assert_eq!(newest.key_id, "key-2");
        let first = store.passport("p1", Some(1)).await.unwrap().unwrap();
        assert_eq!((first.version, first.latest_version), (1, 2));
        assert_eq!(first.key_id, "key-1");
        assert_eq!(first.payload, "{\"version\":1}");
        assert_eq!(store.passport("p1", Some(3)).await.unwrap(), None);
        assert_eq!(store.passport("nope", None).await.unwrap(), None);
        assert_eq!(
            store.passport_of_slug("disclosed").await.unwrap(),
            Some(("p1".to_owned(), 2))
        );
        assert!(store.pieces_without_passport().await.unwrap().is_empty());
        let detail = store.piece_detail("disclosed").await.unwrap().unwrap();
        assert_eq!(detail.passport.as_deref(), Some("p1"));
    }

    pub async fn a_passport_is_issued_once_per_disclosure_and_verifies(store: &dyn Store) {
        use app::provenance::{Notary, check_passport};
        use services::issue_passport;
        let notary =
            touchstone_server::passport::Ed25519Notary::from_seed_hex(&"42".repeat(32)).unwrap();
        store
            .register_passport_key(notary.key_id(), &notary.public_key_hex(), at(0))
            .await
            .unwrap();
        let maker = store.create_maker(&maker("ana", true)).await.unwrap();
        let mut disclosed = piece(maker, "disclosed", PieceStatus::Published, Some(1));
        disclosed.disclosure = Some(full_disclosure());
        store.create_piece(&disclosed).await.unwrap();
        let site = "https://touchstone.example";
        let (id, version) = issue_passport(store, store, &notary, "disclosed", site, at(10))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(version, 1);
        assert_eq!(
            issue_passport(store, store, &notary, "disclosed", site, at(20))
                .await
                .unwrap(),
            None,
            "the same disclosure is not signed twice"
        );
        assert_eq!(
            issue_passport(store, store, &notary, "missing", site, at(20))
                .await
                .unwrap(),
            None
        );
        let stored = store.passport(&id, None).await.unwrap().unwrap();
        let check = check_passport(&stored, &notary, site);
        assert!(check.valid);
        let payload = check.payload.unwrap();
        assert_eq!(payload.disclosure, full_disclosure());
        assert_eq!(
            payload.piece.url,
            "https://touchstone.example/pieces/disclosed"
        );
        assert!(check.qr_svg.starts_with("<?xml") || check.qr_svg.contains("<svg"));
        let mut forged = stored.clone();
        forged.payload = forged.payload.replace("Ana Ruiz", "Someone Else");
        assert!(!check_passport(&forged, &notary, site).valid);
    }

    pub async fn listings_filter_by_how_claims_are_backed(store: &dyn Store) {
        let ana = store.create_maker(&maker("ana", true)).await.unwrap();
        let ben = store.create_maker(&maker("ben", false)).await.unwrap();
        let mut backed = piece(ana, "backed", PieceStatus::Published, Some(1));
        backed.disclosure = Some(full_disclosure());
        store.create_piece(&backed).await.unwrap();
        let mut declared = piece(ben, "declared", PieceStatus::Published, Some(2));
        let mut only_declared = full_disclosure();
        only_declared.making.steps.truncate(1);
        only_declared.metals[0].recycled = None;
        declared.disclosure = Some(only_declared);
        store.create_piece(&declared).await.unwrap();
        store
            .create_piece(&piece(ben, "silent", PieceStatus::Published, Some(3)))
            .await
            .unwrap();

        let verified = store
            .search_pieces(&ListingQuery::parse([("evidence", "verified")]).0)
            .await
            .unwrap();
        let slugs: Vec<_> = verified.items.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["backed"]);
        let all = store.search_pieces(&ListingQuery::default()).await.unwrap();
        let count = |level| {
            all.facets
                .evidence
                .iter()
                .find(|(l, _)| *l == level)
                .map_or(0, |(_, n)| *n)
        };
        assert_eq!(count(app::search::EvidenceFacet::Verified), 1);
        assert_eq!(count(app::search::EvidenceFacet::Documented), 1);
        let makers = store
            .search_makers(&ListingQuery::parse([("evidence", "documents")]).0)
            .await
            .unwrap();
        assert_eq!(makers.total, 1, "a maker counts through their pieces");
    }

    pub async fn the_outbox_hands_each_mail_to_one_sender_at_a_time(store: &dyn Store) {
        for subject in ["one", "two", "three"] {
            store
                .queue_mail("ana@example.com", subject, "body", at(0))
                .await
                .unwrap();
        }
        let claimed = store.claim_mail(at(10), at(70), 2).await.unwrap();
        let subjects: Vec<_> = claimed.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(subjects, ["one", "two"]);
        // Another server at the same moment gets only what is left.
        let other = store.claim_mail(at(11), at(71), 10).await.unwrap();
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].subject, "three");
        assert!(
            store
                .claim_mail(at(12), at(72), 10)
                .await
                .unwrap()
                .is_empty()
        );

        store.mark_mail_sent(claimed[0].id, at(15)).await.unwrap();
        assert_eq!(
            store
                .mark_mail_failed(claimed[1].id, at(100))
                .await
                .unwrap(),
            1
        );
        // When the lease ends, unsent mail can be claimed again (a failed one once
        // its retry time comes); sent mail never.
        let retried = store.claim_mail(at(80), at(140), 10).await.unwrap();
        let subjects: Vec<_> = retried.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(subjects, ["three"]);
        let retried = store.claim_mail(at(150), at(160), 10).await.unwrap();
        assert_eq!(retried.len(), 2);
        assert_eq!(
            (retried[0].subject.as_str(), retried[0].attempts),
            ("two", 1)
        );
        for _ in 1..app::accounts::MAX_DELIVERY_ATTEMPTS {
            store
                .mark_mail_failed(claimed[1].id, at(170))
                .await
                .unwrap();
        }
        let last = store.claim_mail(at(200), at(260), 10).await.unwrap();
        let subjects: Vec<_> = last.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(subjects, ["three"], "a mail that keeps failing is given up");
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
                slug: new.profile.slug.clone(),
                display_name: new.profile.display_name.clone(),
                tagline: new.profile.tagline.clone(),
                location: new.profile.location.clone(),
                techniques: new.profile.techniques.clone(),
                commissions: new.profile.commissions.clone(),
                portrait: Some(ImageRef {
                    key: portrait().key,
                    width: 400,
                    height: 300,
                    alt: "Studio mark of Maker aurelia-lind".into(),
                    access: String::new(),
                }),
            }]
        );
        assert_eq!(store.maker_count().await.unwrap(), 1);
    }

    pub async fn refuses_a_second_maker_with_the_same_address(store: &dyn Store) {
        store.create_maker(&maker("same", true)).await.unwrap();
        let mut again = maker("same", false);
        again.profile.display_name = "Someone else".into();
        match store.create_maker(&again).await {
            Err(StoreError::Duplicate(what)) => assert_eq!(what, Conflict::MakerAddress),
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
            matches!(again, Err(StoreError::Duplicate(Conflict::PieceAddress))),
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

    fn query(pairs: &[(&str, &str)]) -> ListingQuery {
        ListingQuery::parse(pairs.iter().copied()).0
    }

    fn titles(listing: &app::search::Listing<app::pieces::PieceCard>) -> Vec<String> {
        listing.items.iter().map(|p| p.title.clone()).collect()
    }

    fn count<T: PartialEq>(counts: &[(T, u64)], value: T) -> u64 {
        counts
            .iter()
            .find(|(v, _)| *v == value)
            .map_or(0, |(_, n)| *n)
    }

    /// Two makers (Britain, open; Japan, closed) and four pieces, one of them a draft.
    async fn small_catalogue(store: &dyn Store) -> (MakerId, MakerId) {
        let mut london = maker("london-smith", true);
        london.profile.display_name = "Ada Smith".into();
        london.profile.location.city = Some("London".into());
        let london = store.create_maker(&london).await.unwrap();
        let mut kyoto = maker("kyoto-maker", false);
        kyoto.profile.display_name = "Aiko Tanaka".into();
        kyoto.profile.location = Location {
            country: Country::parse("JP").unwrap(),
            region: Some("Kansai".into()),
            city: Some("Kyoto".into()),
        };
        kyoto.profile.techniques = vec![Technique::Granulation];
        let kyoto = store.create_maker(&kyoto).await.unwrap();

        let mut sapphire = piece(london, "sapphire-ring", PieceStatus::Published, Some(10));
        sapphire.title = "Blue sapphire rings".into();
        sapphire.stones = vec![StoneSummary {
            species: "sapphire".into(),
            kind: StoneKind::Natural,
        }];
        sapphire.sourcing = vec![Sourcing::Fairmined];
        sapphire.price = Price::Fixed(gbp(2_000));
        store.create_piece(&sapphire).await.unwrap();

        let mut silver = piece(london, "silver-cuff", PieceStatus::Published, Some(20));
        silver.title = "Hammered cuff".into();
        silver.description = "<b>Sterling</b> '; DROP TABLE pieces; --".into();
        silver.metals = vec![MetalComponent {
            metal: Metal::Silver,
            fineness: Some(Fineness::STERLING),
            recycled: Some(Percent::new(40).unwrap()),
        }];
        silver.price = Price::Fixed(gbp(150));
        store.create_piece(&silver).await.unwrap();

        let mut granules = piece(
            kyoto,
            "granulated-pendant",
            PieceStatus::Published,
            Some(30),
        );
        granules.title = "Granulated pendant".into();
        granules.techniques = vec![Technique::Granulation];
        granules.metals = vec![MetalComponent {
            metal: Metal::YellowGold,
            fineness: Some(Fineness::from_karat(22).unwrap()),
            recycled: Some(Percent::new(100).unwrap()),
        }];
        granules.stones = vec![StoneSummary {
            species: "diamond".into(),
            kind: StoneKind::LabGrown,
        }];
        granules.price = Price::MadeToOrder {
            from: Some(gbp(4_000)),
        };
        store.create_piece(&granules).await.unwrap();

        let mut draft = piece(kyoto, "secret-sapphire", PieceStatus::Draft, None);
        draft.title = "Unfinished sapphire brooch".into();
        store.create_piece(&draft).await.unwrap();
        (london, kyoto)
    }

    pub async fn searches_pieces_by_words_with_stems_and_prefixes(store: &dyn Store) {
        small_catalogue(store).await;
        let found = store
            .search_pieces(&query(&[("q", "sapphire")]))
            .await
            .unwrap();
        assert_eq!(
            titles(&found),
            vec!["Blue sapphire rings"],
            "drafts never match"
        );
        let stemmed = store.search_pieces(&query(&[("q", "ring")])).await.unwrap();
        assert_eq!(titles(&stemmed), vec!["Blue sapphire rings"]);
        let prefix = store
            .search_pieces(&query(&[("q", "granul")]))
            .await
            .unwrap();
        assert_eq!(titles(&prefix), vec!["Granulated pendant"]);
        let by_maker = store.search_pieces(&query(&[("q", "aiko")])).await.unwrap();
        assert_eq!(titles(&by_maker), vec!["Granulated pendant"]);
        let by_material = store
            .search_pieces(&query(&[("q", "sterling silver")]))
            .await
            .unwrap();
        assert_eq!(titles(&by_material), vec!["Hammered cuff"]);
        for hostile in [
            "'; DROP TABLE pieces; --",
            "<script>alert(1)</script>",
            "\"unbalanced",
            "NEAR(a b) OR * AND -x",
            "a:* & !b | (c",
            &"long ".repeat(2_000),
            "\u{fffd}\u{0}",
        ] {
            let result = store.search_pieces(&query(&[("q", hostile)])).await;
            assert!(result.is_ok(), "{hostile:?}: {result:?}");
        }
        assert_eq!(store.search_pieces(&query(&[])).await.unwrap().total, 3);
    }

    pub async fn filters_pieces_by_facets_and_counts_each_facet(store: &dyn Store) {
        small_catalogue(store).await;
        let all = store.search_pieces(&query(&[])).await.unwrap();
        assert_eq!(all.total, 3);
        assert_eq!(
            titles(&all),
            vec!["Granulated pendant", "Hammered cuff", "Blue sapphire rings"],
            "newest first"
        );
        assert_eq!(count(&all.facets.metals, Metal::YellowGold), 2);
        assert_eq!(count(&all.facets.stones, StoneFacet::NoStones), 1);
        assert_eq!(count(&all.facets.stones, StoneFacet::LabGrown), 1);
        assert_eq!(count(&all.facets.sourcing, Sourcing::RecycledMetal), 2);
        assert_eq!(count(&all.facets.sourcing, Sourcing::Fairmined), 1);
        assert_eq!(
            count(&all.facets.countries, Country::parse("JP").unwrap()),
            1
        );
        assert_eq!(count(&all.facets.prices, PriceBand::Under250), 1);
        assert_eq!(all.facets.open, 2);

        let silver_or_natural = store
            .search_pieces(&query(&[("stone", "natural"), ("stone", "none")]))
            .await
            .unwrap();
        assert_eq!(silver_or_natural.total, 2);
        let in_japan_with_gold = store
            .search_pieces(&query(&[("country", "JP"), ("metal", "yellow-gold")]))
            .await
            .unwrap();
        assert_eq!(titles(&in_japan_with_gold), vec!["Granulated pendant"]);
        assert_eq!(
            count(
                &in_japan_with_gold.facets.countries,
                Country::parse("GB").unwrap()
            ),
            1
        );
        let open_only = store.search_pieces(&query(&[("open", "1")])).await.unwrap();
        assert_eq!(open_only.total, 2);
        let by_technique = store
            .search_pieces(&query(&[("technique", "granulation")]))
            .await
            .unwrap();
        assert_eq!(titles(&by_technique), vec!["Granulated pendant"]);
        let cheapest_first = store
            .search_pieces(&query(&[("sort", "price-low")]))
            .await
            .unwrap();
        assert_eq!(
            titles(&cheapest_first),
            vec!["Hammered cuff", "Blue sapphire rings", "Granulated pendant"]
        );
        let beyond = store
            .search_pieces(&query(&[("page", "50")]))
            .await
            .unwrap();
        assert!(beyond.items.is_empty());
        assert_eq!(beyond.total, 3);
    }

    pub async fn the_maker_directory_filters_by_what_makers_make(store: &dyn Store) {
        small_catalogue(store).await;
        let mut hidden = maker("not-yet-public", true);
        hidden.published_at = None;
        store.create_maker(&hidden).await.unwrap();

        let all = store.search_makers(&query(&[])).await.unwrap();
        assert_eq!(all.total, 2, "unpublished makers are not listed");
        let gold = store
            .search_makers(&query(&[("metal", "yellow-gold")]))
            .await
            .unwrap();
        assert_eq!(gold.total, 2);
        let lab_grown = store
            .search_makers(&query(&[("stone", "lab-grown")]))
            .await
            .unwrap();
        assert_eq!(lab_grown.items[0].display_name, "Aiko Tanaka");
        assert_eq!(lab_grown.total, 1);
        let kyoto = store
            .search_makers(&query(&[("q", "kyoto")]))
            .await
            .unwrap();
        assert_eq!(kyoto.items.len(), 1);
        assert_eq!(kyoto.items[0].display_name, "Aiko Tanaka");
        let open = store.search_makers(&query(&[("open", "1")])).await.unwrap();
        assert_eq!(
            open.items
                .iter()
                .map(|m| m.display_name.as_str())
                .collect::<Vec<_>>(),
            vec!["Ada Smith"]
        );
        assert_eq!(open.facets.open, 1);
        let priced = store
            .search_makers(&query(&[("price", "over-10000")]))
            .await
            .unwrap();
        assert_eq!(priced.total, 0, "commissions run £900 to £7,500");
        assert!(
            store
                .featured_makers(10)
                .await
                .unwrap()
                .iter()
                .all(|m| m.slug.as_str() != "not-yet-public")
        );
    }

    pub async fn listings_follow_every_write_at_once(store: &dyn Store) {
        let (london, _) = small_catalogue(store).await;
        let opals = async || {
            let opal = query(&[("q", "opal")]);
            store.search_pieces(&opal).await.unwrap().total
        };
        assert_eq!(opals().await, 0);
        let mut opal = piece(london, "opal-studs", PieceStatus::Published, Some(99));
        opal.title = "Opal studs".into();
        store.create_piece(&opal).await.unwrap();
        assert_eq!(opals().await, 1);
        assert_eq!(store.search_pieces(&query(&[])).await.unwrap().total, 4);
    }

    pub async fn maker_and_piece_pages_show_only_published_work(store: &dyn Store) {
        small_catalogue(store).await;
        let profile = store.maker_profile("kyoto-maker").await.unwrap().unwrap();
        assert_eq!(profile.card.display_name, "Aiko Tanaka");
        assert_eq!(profile.studio, "A shed in the garden");
        assert_eq!(
            profile
                .portfolio
                .iter()
                .map(|p| p.title.as_str())
                .collect::<Vec<_>>(),
            vec!["Granulated pendant"]
        );
        assert!(store.maker_profile("nobody").await.unwrap().is_none());
        let mut hidden = maker("hidden-maker", true);
        hidden.published_at = None;
        let hidden = store.create_maker(&hidden).await.unwrap();
        store
            .create_piece(&piece(
                hidden,
                "hidden-work",
                PieceStatus::Published,
                Some(5),
            ))
            .await
            .unwrap();
        assert!(store.maker_profile("hidden-maker").await.unwrap().is_none());
        assert!(store.piece_detail("hidden-work").await.unwrap().is_none());
        assert!(
            store
                .piece_detail("secret-sapphire")
                .await
                .unwrap()
                .is_none()
        );

        let granules = store
            .piece_detail("granulated-pendant")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(granules.maker.display_name, "Aiko Tanaka");
        assert_eq!(granules.techniques, vec![Technique::Granulation]);
        assert_eq!(granules.sourcing, vec![Sourcing::RecycledMetal]);
        assert_eq!(granules.dimensions, "Ring size N");
        assert_eq!(
            granules.materials(),
            "22k yellow gold (100% recycled), laboratory-grown diamond"
        );
        assert_eq!(
            granules.published_on,
            at(30).strftime("%Y-%m-%d").to_string()
        );
    }

    pub async fn pieces_keep_their_gallery_in_order(store: &dyn Store) {
        let id = store.create_maker(&maker("m", true)).await.unwrap();
        let mut second = portrait();
        second.key = "ffeeddccbbaa99887766554433221100.svg".into();
        store.put_media(&portrait()).await.unwrap();
        store.put_media(&second).await.unwrap();
        let mut new = piece(id, "with-photos", PieceStatus::Published, Some(1));
        new.image_key = Some(portrait().key);
        new.image_alt = "Front".into();
        new.gallery = vec![(second.key.clone(), "Back".into())];
        store.create_piece(&new).await.unwrap();
        let detail = store.piece_detail("with-photos").await.unwrap().unwrap();
        assert_eq!(
            detail
                .images
                .iter()
                .map(|i| (i.key.as_str(), i.alt.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (portrait().key.as_str(), "Front"),
                (second.key.as_str(), "Back")
            ]
        );
    }

    pub async fn the_sitemap_lists_public_pages(store: &dyn Store) {
        small_catalogue(store).await;
        let paths: Vec<String> = store
            .sitemap()
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(
            paths,
            vec![
                "/makers/kyoto-maker",
                "/makers/london-smith",
                "/pieces/granulated-pendant",
                "/pieces/sapphire-ring",
                "/pieces/silver-cuff",
            ]
        );
    }

    /// Two app servers on one database: each keeps its own facet index, and a write
    /// through one shows at once in the other's listings, also when the other only
    /// updates the makers that changed.
    pub async fn several_servers_on_one_database_agree(one: &dyn Store, other: &dyn Store) {
        let (london, kyoto) = small_catalogue(one).await;
        assert_eq!(other.search_pieces(&query(&[])).await.unwrap().total, 3);
        let mut studs = piece(london, "opal-studs", PieceStatus::Published, Some(99));
        studs.title = "Opal studs".into();
        studs.metals[0].metal = Metal::Palladium;
        one.create_piece(&studs).await.unwrap();
        let seen = other
            .search_pieces(&query(&[("metal", "palladium")]))
            .await
            .unwrap();
        assert_eq!(titles(&seen), vec!["Opal studs"]);
        assert_eq!(other.search_pieces(&query(&[])).await.unwrap().total, 4);
        let makers = other
            .search_makers(&query(&[("metal", "palladium")]))
            .await
            .unwrap();
        assert_eq!(makers.items[0].display_name, "Ada Smith");
        // Untouched makers keep their listings through the update.
        let kyoto_work = other
            .search_pieces(&query(&[("country", "JP")]))
            .await
            .unwrap();
        assert_eq!(titles(&kyoto_work), vec!["Granulated pendant"]);
        let _ = kyoto;
        let mut newcomer = maker("newcomer", true);
        newcomer.profile.display_name = "Zeno Berg".into();
        other.create_maker(&newcomer).await.unwrap();
        assert_eq!(
            one.search_makers(&query(&[("q", "zeno")]))
                .await
                .unwrap()
                .total,
            1
        );
        assert_eq!(one.search_makers(&query(&[])).await.unwrap().total, 3);
    }

    /// The home page's lists are built once per catalogue version by each server,
    /// and follow a write through either server at once.
    pub async fn the_front_page_follows_writes_through_any_server(
        one: &dyn Store,
        other: &dyn Store,
    ) {
        use app::home::FrontPage;
        let slugs = |cards: &[app::makers::MakerCard]| -> Vec<String> {
            cards.iter().map(|m| m.slug.to_string()).collect()
        };
        let open_listing = || query(&[("open", "1")]);
        let (london, _) = small_catalogue(one).await;
        for store in [one, other] {
            let page = store.front_page().await.unwrap();
            assert_eq!(slugs(&page.featured), ["kyoto-maker", "london-smith"]);
            assert_eq!(slugs(&page.open_for_commissions), ["london-smith"]);
            assert_eq!(page.open_total, 1);
            let titles: Vec<&str> = page.pieces.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(
                titles,
                ["Granulated pendant", "Hammered cuff", "Blue sapphire rings"]
            );
        }

        let mut studs = piece(london, "opal-studs", PieceStatus::Published, Some(99));
        studs.title = "Opal studs".into();
        one.create_piece(&studs).await.unwrap();
        for n in 1..=5 {
            one.create_maker(&maker(&format!("newcomer-{n}"), true))
                .await
                .unwrap();
        }
        let page = other.front_page().await.unwrap();
        assert_eq!(page.pieces[0].title, "Opal studs");
        assert_eq!(page.featured[0].slug.as_str(), "london-smith");
        assert_eq!(page.open_total, 6);
        let directory = other.search_makers(&open_listing()).await.unwrap();
        assert_eq!(page.open_total, directory.total);
        assert_eq!(
            slugs(&page.open_for_commissions),
            slugs(&directory.items[..FrontPage::OPEN_MAKERS])
        );
        assert_eq!(
            page.featured,
            other
                .featured_makers(FrontPage::FEATURED_MAKERS)
                .await
                .unwrap()
        );
        assert_eq!(
            page.pieces,
            other.recent_pieces(FrontPage::RECENT_PIECES).await.unwrap()
        );

        let mut late = maker("late-comer", true);
        late.profile.display_name = "Lena Late".into();
        let late = other.create_maker(&late).await.unwrap();
        other
            .create_piece(&piece(late, "late-ring", PieceStatus::Published, Some(120)))
            .await
            .unwrap();
        let page = one.front_page().await.unwrap();
        assert_eq!(page.featured[0].display_name, "Lena Late");
        assert_eq!(page.pieces[0].slug.as_str(), "late-ring");
        assert_eq!(page.open_total, 7);
        assert_eq!(page, other.front_page().await.unwrap());
    }

    fn demo_notary() -> touchstone_server::passport::Ed25519Notary {
        touchstone_server::passport::Ed25519Notary::from_seed_hex(&"5e".repeat(32)).unwrap()
    }

    /// The demo, seeded as the server seeds it: the key its passports name is on
    /// record first.
    async fn seeded(store: &dyn Store) -> Option<touchstone_server::demo::SeedReport> {
        use app::provenance::Notary;
        let notary = demo_notary();
        store
            .register_passport_key(
                notary.key_id(),
                &notary.public_key_hex(),
                jiff::Timestamp::now(),
            )
            .await
            .unwrap();
        touchstone_server::demo::seed_if_empty(store, &notary, "http://127.0.0.1:3000", 800)
            .await
            .unwrap()
    }

    pub async fn demo_data_is_seeded_once_and_deterministically(store: &dyn Store) {
        let report = seeded(store).await.unwrap();
        assert!(report.makers >= 12 && report.pieces >= 60 + report.makers / 3);
        assert!(seeded(store).await.is_none());
        let makers = store.featured_makers(100).await.unwrap();
        assert_eq!(makers.len(), report.makers);
        // The demo buyer's commissions show every part of the flow.
        let buyer = store
            .account_by_email(
                &app::accounts::Email::parse(touchstone_server::demo::DEMO_BUYER).unwrap(),
            )
            .await
            .unwrap()
            .unwrap();
        let commissions = store.buyer_commissions(buyer.id).await.unwrap();
        assert_eq!(commissions.len(), report.commissions);
        let mut stages: Vec<_> = commissions.iter().map(|c| c.state.stage).collect();
        stages.sort_by_key(|stage| format!("{stage:?}"));
        use app::commissions::Stage;
        assert_eq!(
            stages,
            [
                Stage::DesignPosted,
                Stage::Dispatched,
                Stage::Making,
                Stage::Proposed,
                Stage::Requested
            ]
        );
        for commission in &commissions {
            let agreement = store.agreement(commission.id).await.unwrap();
            let locked = matches!(commission.state.stage, Stage::Making | Stage::Dispatched);
            assert_eq!(agreement.is_some(), locked, "{:?}", commission.state.stage);
            if let Some(agreement) = agreement {
                let check =
                    app::commissions::check_agreement(&agreement, commission.id.0, &demo_notary());
                assert!(check.valid);
                let pictures = check.document.unwrap().design_pictures;
                assert_eq!(pictures.len(), 1, "the approved design's sketch");
            }
        }
        // The piece on its way to the buyer is written up, private, and passported:
        // the passport verifies and records the making.
        let dispatched = commissions
            .iter()
            .find(|c| c.state.stage == Stage::Dispatched)
            .unwrap();
        let finished = store.finished_piece(dispatched.id).await.unwrap().unwrap();
        assert!(!finished.published && !finished.shown_by_buyer);
        let (passport, _) = finished.passport.expect("its passport");
        let stored = store.passport(&passport, None).await.unwrap().unwrap();
        let check =
            app::provenance::check_passport(&stored, &demo_notary(), "http://127.0.0.1:3000");
        assert!(check.valid);
        let payload = check.payload.unwrap();
        assert!(
            payload
                .piece
                .url
                .ends_with(&format!("/passport/{passport}"))
        );
        let making = payload.commission.expect("the making's record");
        assert_eq!(making.design_pictures.len(), 1);
        assert_eq!(
            making
                .progress
                .iter()
                .map(|p| p.pictures.len())
                .collect::<Vec<_>>(),
            [1, 1]
        );
        let pieces = store.recent_pieces(1000).await.unwrap();
        assert!(pieces.len() >= 60, "{} published pieces", pieces.len());
        assert!(pieces.iter().all(|card| card.slug != finished.slug));
        // Every demo piece carries a disclosure that the compliance check lets through.
        for card in &pieces {
            let detail = store
                .piece_detail(card.slug.as_str())
                .await
                .unwrap()
                .unwrap();
            let disclosure = detail.disclosure.as_ref().expect("a demo disclosure");
            let findings = app::provenance::check(
                disclosure,
                &app::provenance::ListingText {
                    title: &detail.title,
                    description: &detail.description,
                },
            );
            assert!(
                app::provenance::may_publish(&findings),
                "{}: {findings:?}",
                card.slug.as_str()
            );
        }
        // The same seed gives the same catalogue on every backend and every run.
        let fresh = crate::support::TestDb::sqlite().await;
        seeded(fresh.store().as_ref()).await.unwrap();
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
                    let db = crate::support::TestDb::sqlite().await;
                    super::cases::$case(db.store().as_ref()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(db) = crate::support::TestDb::postgres().await else { return };
                    super::cases::$case(db.store().as_ref()).await;
                }
            )*
        }
    };
}

macro_rules! two_server_suite {
    ($($case:ident),* $(,)?) => {
        mod two_servers_sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = crate::support::TestDb::sqlite().await;
                    let other = touchstone_server::store::connect(&db.url(), 4, db.media()).await.unwrap();
                    super::cases::$case(db.store().as_ref(), other.as_ref()).await;
                }
            )*
        }
        mod two_servers_postgres {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(db) = crate::support::TestDb::postgres().await else { return };
                    let other = touchstone_server::store::connect(&db.url(), 4, db.media()).await.unwrap();
                    super::cases::$case(db.store().as_ref(), other.as_ref()).await;
                }
            )*
        }
    };
}

/// Cases that change the database directly, as someone with access to it (not
/// to the app) might, and check what the app then notices.
macro_rules! behind_the_back_suite {
    ($($case:ident),* $(,)?) => {
        mod behind_the_back_sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = crate::support::TestDb::sqlite().await;
                    super::cases::$case(db.store().as_ref(), &db.url()).await;
                }
            )*
        }
        mod behind_the_back_postgres {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(db) = crate::support::TestDb::postgres().await else { return };
                    super::cases::$case(db.store().as_ref(), &db.url()).await;
                }
            )*
        }
    };
}

behind_the_back_suite!(a_custody_log_changed_behind_the_apps_back_no_longer_verifies);

two_server_suite!(
    two_hundred_checkouts_hold_a_one_of_one_once,
    an_edition_of_n_sells_at_most_n,
    two_servers_take_one_place_in_a_custody_log,
    several_servers_on_one_database_agree,
    concurrent_bookings_of_one_slot_make_exactly_one,
    racing_changes_holds_and_used_links,
    moves_never_overlap_and_race_to_one,
    a_link_is_spent_only_by_the_change_it_makes,
    the_front_page_follows_writes_through_any_server,
    an_edit_is_saved_only_over_the_revision_it_was_read_at,
    two_servers_take_one_step_of_a_commission,
    clock_jobs_are_claimed_once_and_follow_the_latest_step,
);

conformance_suite!(
    answers_a_ping,
    a_hold_that_ended_frees_the_piece_and_steps_keep_to_their_status,
    a_guests_hold_is_theirs_by_address_and_confirmed_once,
    a_custody_log_keeps_each_entry_once_in_order,
    a_commission_keeps_each_step_once_over_its_version,
    messages_are_counted_until_read,
    payments_are_kept_with_their_step_once,
    a_finished_piece_stays_private_until_its_buyer_agrees,
    a_studio_opens_once_per_account_and_stays_private_until_published,
    a_profile_round_trips_and_a_new_name_finds_the_pieces,
    a_draft_is_edited_published_and_archived,
    every_write_a_public_page_shows_moves_the_catalogue_version,
    photos_keep_their_order_cover_and_descriptions,
    no_maker_reaches_another_makers_pieces,
    evidence_documents_belong_to_their_piece_and_are_read_by_right,
    a_makers_storage_counts_their_files_and_publishing_opens_a_drafts_photos,
    a_save_over_a_newer_revision_is_made_again_from_it,
    bookings_never_overlap_and_a_retry_is_the_same_booking,
    a_request_books_only_a_time_the_maker_offers,
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
    disclosures_round_trip_exactly,
    passports_keep_every_version_and_their_keys,
    listings_filter_by_how_claims_are_backed,
    a_passport_is_issued_once_per_disclosure_and_verifies,
    accounts_are_one_per_email_address,
    emailed_links_work_once_and_only_in_time,
    failed_sign_ins_are_counted_per_key_within_the_window,
    sessions_live_until_they_expire,
    the_outbox_keeps_mail_newest_first,
    the_outbox_hands_each_mail_to_one_sender_at_a_time,
    searches_pieces_by_words_with_stems_and_prefixes,
    filters_pieces_by_facets_and_counts_each_facet,
    the_maker_directory_filters_by_what_makers_make,
    listings_follow_every_write_at_once,
    maker_and_piece_pages_show_only_published_work,
    pieces_keep_their_gallery_in_order,
    the_sitemap_lists_public_pages,
);

/// The database itself, not only the store's check, refuses an overlapping
/// booking: a row written past the store is refused by PostgreSQL's exclusion
/// constraint, and by SQLite's unique index for the same start.
mod the_database_refuses_overlaps {
    use app::booking::{BookingStatus, NewBooking};
    use sqlx::Connection;

    const INSERT: &str = "INSERT INTO bookings (maker_id, consultation_id, starts_at, ends_at, \
        blocked_from, blocked_until, buyer_zone, guest_name, guest_email, brief, status, \
        idempotency_key, created_at) \
        SELECT maker_id, id, $1, $2, $1, $2, 'UTC', 'A', 'a@example.com', '{}', 'pending', $3, $1 \
        FROM consultations";

    async fn booked(db: &crate::support::TestDb) {
        let store = db.store();
        let maker = crate::cases::studio::open(store.as_ref(), "ana@example.com", "ana").await;
        let offer = app::booking::NewConsultation {
            maker,
            name: "Consultation".into(),
            minutes: 60,
            format: app::booking::Format::Phone,
            description: String::new(),
            price: None,
            needs_approval: false,
        };
        let consultation = store.create_consultation(&offer).await.unwrap();
        let start = jiff::Timestamp::from_second(1_780_304_400).unwrap();
        let meeting = app::booking::availability::Interval {
            start,
            end: start + jiff::SignedDuration::from_hours(1),
        };
        store
            .book(&NewBooking {
                consultation,
                busy: app::booking::availability::Busy {
                    meeting,
                    blocked: meeting,
                },
                buyer_zone: "UTC".into(),
                guest_name: "A".into(),
                guest_email: "a@example.com".into(),
                account: None,
                brief: "{}".into(),
                status: BookingStatus::Pending,
                email_confirmed: true,
                hold_until: None,
                idempotency_key: "first".into(),
                created_at: start,
            })
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn postgres_excludes_overlapping_times() {
        let Some(db) = crate::support::TestDb::postgres().await else {
            return;
        };
        booked(&db).await;
        let mut raw = sqlx::PgConnection::connect(&db.url()).await.unwrap();
        let half_past = jiff::Timestamp::from_second(1_780_304_400 + 1_800).unwrap();
        let error = sqlx::query(INSERT)
            .bind(jiff_sqlx::Timestamp::from(half_past))
            .bind(jiff_sqlx::Timestamp::from(
                half_past + jiff::SignedDuration::from_hours(1),
            ))
            .bind("second")
            .execute(&mut raw)
            .await
            .unwrap_err();
        let code = error
            .as_database_error()
            .and_then(|e| e.code().map(|c| c.into_owned()));
        assert_eq!(code.as_deref(), Some("23P01"), "{error}");
    }

    #[tokio::test]
    async fn sqlite_refuses_two_at_one_start() {
        let db = crate::support::TestDb::sqlite().await;
        booked(&db).await;
        let mut raw = sqlx::SqliteConnection::connect(&db.url()).await.unwrap();
        let micros = 1_780_304_400_i64 * 1_000_000;
        let error = sqlx::query(INSERT)
            .bind(micros)
            .bind(micros + 3_600_000_000)
            .bind("second")
            .execute(&mut raw)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("UNIQUE"), "{error}");
    }
}
