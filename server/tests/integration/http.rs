//! The real server on port 0 with a fresh SQLite database, spoken to over HTTP.

use crate::support::{TestApp, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE};

/// Text that must never reach a response: internals of the database, the
/// filesystem or a panic.
const INTERNALS: &[&str] = &[
    "sqlx",
    "SQLITE",
    "no such table",
    "SELECT ",
    "panicked",
    "/tmp/",
    "/work/",
];

fn assert_no_internals(body: &str) {
    for leak in INTERNALS {
        assert!(!body.contains(leak), "response leaks {leak:?}: {body}");
    }
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server_with_demo_makers_and_pieces() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("<h1 id=\"hero-heading\">Handmade jewellery you can check.</h1>"));
    assert!(body.contains("Aurelia Lind"), "a demo maker is listed");
    assert!(body.contains("Kyoto, Japan"));
    assert!(body.contains("Recently published pieces"));
    assert!(
        body.contains("laboratory-grown"),
        "lab-grown stones carry their qualifier"
    );
    assert!(body.contains("<title>Handmade jewellery you can check · Touchstone</title>"));
    assert!(
        body.contains("action=\"/search\""),
        "the home page leads to search"
    );
}

/// Every script `body` runs is one the policy allows, by this response's nonce
/// or by its hash; the number of scripts that run.
fn assert_every_script_allowed(csp: &str, body: &str, path: &str) -> usize {
    use base64::Engine;
    use sha2::Digest;
    let mut scripts = 0;
    for script in body.split("<script").skip(1) {
        let (tag, rest) = script.split_once('>').unwrap();
        if tag.contains("type=\"application/ld+json\"") {
            continue;
        }
        scripts += 1;
        let content = &rest[..rest.find("</script>").unwrap()];
        let allowed_by = match tag.split_once("nonce=\"") {
            Some((_, nonce)) => format!("'nonce-{}'", nonce.split('"').next().unwrap()),
            None => format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(content))
            ),
        };
        assert!(
            csp.contains(&allowed_by),
            "{path}: <script{tag}> is not allowed by {csp}"
        );
    }
    scripts
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_runs_only_the_scripts_it_allows() {
    let app = spawn_app().await;
    let get = |path: String| found_page(&app, path);
    let (headers, home) = get("/".into()).await;
    let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    for directive in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    assert!(
        csp.contains("script-src 'none';"),
        "the home page has no island, so it runs nothing: {csp}"
    );
    assert_eq!(assert_every_script_allowed(csp, &home, "/"), 0);

    // A cached page with an island runs exactly its own scripts, by hash.
    let (headers, directory) = get("/makers".into()).await;
    let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(assert_every_script_allowed(csp, &directory, "/makers") > 0);
    assert!(!csp.contains("'nonce-"), "{csp}");
    assert!(csp.contains("'strict-dynamic'"), "{csp}");

    // A page rendered for each visitor allows this response's nonce, once.
    let maker = home.split("href=\"/makers/").nth(1).unwrap();
    let maker = format!("/makers/{}", maker.split('"').next().unwrap());
    let (_, maker_page) = get(maker).await;
    let consultation = maker_page
        .split("href=\"")
        .map(|link| link.split('"').next().unwrap())
        .find(|link| link.contains("/consultations/"))
        .expect("the maker offers a consultation")
        .to_owned();
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let (headers, booking) = get(consultation.clone()).await;
        let csp = headers[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(assert_every_script_allowed(&csp, &booking, &consultation) > 0);
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next();
        nonces.push(nonce.unwrap().to_owned());
    }
    assert_ne!(nonces[0], nonces[1], "nonces are never reused");
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_is_public_over_https() {
    let app = spawn_app_with(&[("TOUCHSTONE_PUBLIC_BASE_URL", "https://touchstone.example")]).await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

#[tokio::test]
async fn the_commission_filter_works_as_a_plain_get_form() {
    let app = spawn_app().await;
    let results = |page: String| {
        let start = page.find("id=\"listing-count\"").expect("the result count");
        page[start..].to_owned()
    };
    let get = |path: &'static str| {
        let request = app.client.get(app.url(path));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let all = results(get("/makers").await);
    let open = results(get("/makers?open=1").await);
    // Saoirse Byrne is not taking commissions; Aurelia Lind is.
    assert!(all.contains(">Saoirse Byrne<"));
    assert!(
        !open.contains(">Saoirse Byrne<"),
        "closed makers are filtered out"
    );
    assert!(open.contains(">Aurelia Lind<"));
    assert!(open.contains(">12 makers<"), "the count is shown");
}

#[tokio::test]
async fn unknown_pages_answer_404_with_the_not_found_page() {
    let app = spawn_app().await;
    for path in ["/no/such/page", "/makers/%00%ff", "/%3Cscript%3E"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body = response.text().await.unwrap();
        assert!(body.contains("Page not found"), "{path}: {body}");
        assert!(!body.contains("<script>alert"), "{path}");
    }
}

#[tokio::test]
async fn a_broken_database_gives_the_error_page_without_internals() {
    let app = spawn_app().await;
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("touchstone.db").display()
    );
    let mut connection = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query("DROP TABLE piece_metals")
        .execute(&mut connection)
        .await
        .unwrap();

    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = response.text().await.unwrap();
    assert!(body.contains("Something went wrong"), "{body}");
    assert_no_internals(&body);

    let api = app
        .client
        .post(app.url("/api/home-sections"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_no_internals(&api.text().await.unwrap());
}

#[tokio::test]
async fn health_reports_the_database() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok");
}

/// `/readyz` names each check; a migration of this binary's found missing
/// (the database restored from an older backup, say) makes the server unready.
async fn readiness_journey(app: &TestApp) {
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(
        ready.text().await.unwrap(),
        "database: ok\nmigrations: ok\nmedia: ok\n"
    );
    crate::support::behind_the_apps_back(
        &app.database_url,
        &["DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)"],
    )
    .await;
    let unready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(unready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        unready.text().await.unwrap(),
        "database: ok\nmigrations: failing\nmedia: ok\n"
    );
}

on_both_databases!(readiness_names_each_check, readiness_journey);

/// Metrics are served on their own address, never the site's, and count
/// requests by the route they matched.
async fn metrics_journey(app: &TestApp) {
    for path in ["/", "/makers/aurelia-lind", "/makers/nobody-at-all"] {
        app.client.get(app.url(path)).send().await.unwrap();
    }
    let public = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let address = app.metrics.expect("a metrics address");
    let scrape = crate::support::body_of(&app.client, &format!("http://{address}/metrics")).await;
    for series in [
        "touchstone_http_requests_total{method=\"GET\",route=\"/makers/{slug}\",status=\"200\"}",
        "touchstone_http_requests_total{method=\"GET\",route=\"/makers/{slug}\",status=\"404\"}",
        "touchstone_http_request_duration_seconds_bucket{method=\"GET\",route=\"/\",le=\"0.5\"}",
        "touchstone_db_pool_connections{state=\"idle\"}",
        "touchstone_outbox_pending ",
        "touchstone_jobs_due ",
        "touchstone_render_cache_requests_total{outcome=\"miss\"}",
    ] {
        assert!(scrape.contains(series), "{series} missing from:\n{scrape}");
    }
}

on_both_databases!(
    metrics_are_served_on_their_own_address,
    metrics_journey,
    [("TOUCHSTONE_METRICS_ADDRESS", "127.0.0.1:0")]
);

#[tokio::test]
async fn server_functions_answer_same_site_calls_and_refuse_cross_site_ones() {
    let app = spawn_app().await;
    let call = |origin: Option<&'static str>, fetch_site: Option<&'static str>| {
        let mut request = app
            .client
            .post(app.url("/api/home-sections"))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("accept", "application/json");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let same = call(Some("http://localhost"), Some("same-origin"))
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
    let listing: serde_json::Value = same.json().await.unwrap();
    assert!(listing["featured"].as_array().unwrap().len() >= 4);

    let own_origin: &'static str = Box::leak(format!("http://{}", app.address).into_boxed_str());
    assert_eq!(
        call(Some(own_origin), None).await.unwrap().status(),
        StatusCode::OK
    );

    for (origin, site) in [
        (Some("https://evil.example"), Some("cross-site")),
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (None, Some("same-site")),
    ] {
        let refused = call(origin, site).await.unwrap();
        assert_eq!(
            refused.status(),
            StatusCode::FORBIDDEN,
            "{origin:?} {site:?}"
        );
        assert!(refused.text().await.unwrap().contains("another website"));
    }
}

#[tokio::test]
async fn malformed_and_oversized_requests_get_clear_answers() {
    let app = spawn_app().await;
    let garbage = app
        .client
        .post(app.url("/api/home-sections"))
        .header(CONTENT_TYPE, "application/json")
        .body("{\"not\": [valid json")
        .send()
        .await
        .unwrap();
    assert!(
        garbage.status().is_client_error() || garbage.status().is_success(),
        "{}",
        garbage.status()
    );
    assert_no_internals(&garbage.text().await.unwrap());

    let huge = app
        .client
        .post(app.url("/api/home-sections"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(vec![b'a'; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let unknown = app
        .client
        .post(app.url("/api/no-such-function"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert!(unknown.status().is_client_error(), "{}", unknown.status());
    assert_no_internals(&unknown.text().await.unwrap());
}

#[tokio::test]
async fn pictures_are_served_content_addressed_and_cached_forever() {
    let app = spawn_app().await;
    let home = app.text("/").await;
    let start = home.find("/media/").expect("a picture on the home page");
    let path: String = home[start..].chars().take_while(|c| *c != '"').collect();
    let picture = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(picture.status(), StatusCode::OK);
    assert_eq!(picture.headers()[CONTENT_TYPE], "image/svg+xml");
    assert!(
        picture.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        picture.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert!(picture.text().await.unwrap().starts_with("<svg"));

    for missing in [
        "/media/ffffffffffffffffffffffffffffffff.svg",
        "/media/..%2F..%2Fetc%2Fpasswd",
    ] {
        let response = app.client.get(app.url(missing)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_accept_it() {
    let app = spawn_app().await;
    for (accept, expected) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let response = app
            .client
            .get(app.url("/"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()[CONTENT_ENCODING], expected, "{accept}");
    }
}

/// A page without an island carries no script or wasm to load; one with an island
/// carries what wakes it up.
#[tokio::test]
async fn only_pages_with_islands_load_the_site_code() {
    let app = spawn_app().await;
    let get = async |path: String| found_page(&app, path).await.1;
    let home = get("/".into()).await;
    let first_link = |prefix: &str| {
        let rest = home.split(&format!("href=\"{prefix}")).nth(1).unwrap();
        format!("{prefix}{}", rest.split('"').next().unwrap())
    };
    let (maker, piece) = (first_link("/makers/"), first_link("/pieces/"));
    for (path, page) in [
        ("/".to_owned(), home.clone()),
        (maker.clone(), get(maker).await),
        (piece.clone(), get(piece).await),
    ] {
        assert!(!page.contains("<leptos-island"), "{path} has no island");
        assert!(!page.contains("modulepreload"), "{path}: {page}");
        assert!(!page.contains(".wasm"), "{path}: {page}");
        assert!(!page.contains("hydrateIslands"), "{path}: {page}");
        assert_eq!(
            page.matches("<script").count(),
            page.matches("<script type=\"application/ld+json\">")
                .count(),
            "{path} carries no script but its data: {page}"
        );
        assert!(
            page.contains("rel=\"stylesheet\""),
            "{path} keeps its styles"
        );
        assert!(page.contains("</title>"), "{path} keeps its title");
    }
    let directory = get("/makers".into()).await;
    assert!(directory.contains("<leptos-island"));
    assert!(directory.contains("modulepreload"), "{directory}");
    assert!(directory.contains("hydrateIslands"), "{directory}");
}

/// The JSON-LD block of a page, parsed.
fn json_ld(body: &str) -> serde_json::Value {
    let start = body
        .find("<script type=\"application/ld+json\">")
        .expect("the page has JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + body[start..].find("</script>").unwrap();
    serde_json::from_str(&body[start..end]).expect("JSON-LD is valid JSON")
}

#[tokio::test]
async fn the_maker_directory_filters_with_plain_query_parameters() {
    let app = spawn_app().await;
    let all = app.client.get(app.url("/makers")).send().await.unwrap();
    assert_eq!(all.status(), StatusCode::OK);
    let all = all.text().await.unwrap();
    assert!(all.contains(">16 makers<"), "every demo maker is listed");
    assert!(all.contains("<link href=\"http://127.0.0.1") && all.contains("rel=\"canonical\""));
    let open = app.text("/makers?open=1&metal=silver&sort=price-low").await;
    assert!(!open.contains(">16 makers<"));
    assert!(
        open.contains("value=\"silver\" checked"),
        "the form keeps the filter"
    );
    assert!(open.contains("/makers?metal=silver&amp;open=1&amp;sort=price-low"));
}

#[tokio::test]
async fn search_finds_pieces_by_words_and_keeps_them_in_the_form() {
    let app = spawn_app().await;
    let body = app.text("/search?q=laboratory+grown").await;
    assert!(body.contains("value=\"laboratory grown\""));
    assert!(body.contains("with laboratory-grown"));
    assert!(!body.contains(">0 pieces<"));
}

#[tokio::test]
async fn maker_pages_tell_the_story_and_describe_a_person() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/makers/aurelia-lind"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    assert!(body.contains("<h1>Aurelia Lind</h1>"));
    assert!(body.contains("Who designs and who makes"));
    assert!(body.contains("property=\"og:title\""));
    let person = json_ld(&body);
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Aurelia Lind");
    assert!(
        person["url"]
            .as_str()
            .unwrap()
            .ends_with("/makers/aurelia-lind")
    );
}

#[tokio::test]
async fn piece_pages_describe_a_product_with_its_offer() {
    let app = spawn_app().await;
    let search = app.text("/search?q=ring").await;
    let start = search.find("href=\"/pieces/").unwrap() + "href=\"".len();
    let path = &search[start..start + search[start..].find('"').unwrap()];
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    assert!(body.contains("Provenance"));
    let product = json_ld(&body);
    assert_eq!(product["@type"], "Product");
    assert_eq!(product["offers"]["@type"], "Offer");
    assert!(product["material"].as_str().unwrap().len() > 3);
    assert!(product["countryOfOrigin"]["name"].is_string());
    let availability = product["offers"]["availability"].as_str().unwrap();
    assert!(
        availability == "https://schema.org/InStock"
            || availability == "https://schema.org/MadeToOrder"
    );
}

#[tokio::test]
async fn missing_or_unpublished_makers_and_pieces_are_404_pages() {
    let app = spawn_app().await;
    for path in [
        "/makers/nobody-here",
        "/pieces/nothing-here",
        "/makers/NOT%20A%20SLUG",
        "/pieces/%F0%9F%92%8D",
        &format!("/makers/{}", "a".repeat(500)),
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body = response.text().await.unwrap();
        assert!(body.contains("Page not found"), "{path}");
        assert_no_internals(&body);
    }
}

#[tokio::test]
async fn any_query_string_gives_a_normal_page_never_an_error() {
    let app = spawn_app().await;
    let long_text = "ring ".repeat(2_048);
    let queries = [
        "metal=unobtanium&colour=blue".to_owned(),
        "page=99999999999999999999999".to_owned(),
        "page=4000000".to_owned(),
        "page=-1&sort=%27%3B%20DROP%20TABLE%20pieces%3B--".to_owned(),
        format!("q={long_text}"),
        "q=%27%20OR%201%3D1%20--".to_owned(),
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_owned(),
        "q=%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_owned(),
        "q=%FF%FE%FD&metal=%C0%AF".to_owned(),
        "q=%&q=%%&q=%zz".to_owned(),
        "q=NEAR(a+b)+OR+*&country=..%2F..%2Fetc".to_owned(),
        "open=maybe&price=free&stone=plastic&technique=glue".to_owned(),
    ];
    for path in ["/makers", "/search"] {
        for query in &queries {
            let url = app.url(&format!("{path}?{query}"));
            let response = app.client.get(url).send().await.unwrap();
            let status = response.status();
            let body = response.text().await.unwrap();
            assert_eq!(
                status,
                StatusCode::OK,
                "{path}?{}",
                &query[..query.len().min(80)]
            );
            assert_no_internals(&body);
            assert!(!body.contains("<script>alert"), "search text is escaped");
        }
    }
    let body = app.text("/makers?metal=unobtanium").await;
    assert!(body.contains("weren't recognised and were left out"));
}

#[tokio::test]
async fn robots_and_sitemap_point_at_published_pages() {
    let app = spawn_app().await;
    let robots = app.text("/robots.txt").await;
    assert!(robots.contains("Sitemap: http://127.0.0.1"));
    assert!(robots.contains("Disallow: /api/"));
    let response = app
        .client
        .get(app.url("/sitemap.xml"))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let sitemap = response.text().await.unwrap();
    assert!(sitemap.contains("/makers/aurelia-lind</loc><lastmod>"));
    assert_eq!(
        sitemap.matches("/pieces/").count(),
        74,
        "only published pieces"
    );
    let status = |path: &'static str| {
        let request = app.client.get(app.url(path));
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(status("/sitemaps/1.xml").await, StatusCode::OK);
    assert_eq!(status("/sitemaps/2.xml").await, StatusCode::NOT_FOUND);
    assert_eq!(status("/sitemaps/zero.xml").await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn photos_are_served_as_responsive_webp_with_jpeg_fallback() {
    use app::makers::{CommissionTerms, Location, MakerEdit, NewMaker};
    use app::pieces::{NewPiece, PieceStatus, Price};
    use app::shared::{Country, Currency, Money, Slug};
    let app = spawn_app().await;
    let photo = image::RgbImage::from_fn(1_200, 900, |x, y| {
        image::Rgb([(x / 5) as u8, (y / 4) as u8, 120])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(photo)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let files =
        touchstone_server::images::ingest(&png, touchstone_server::images::Visibility::Public)
            .unwrap();
    for file in &files {
        app.store.put_media(file).await.unwrap();
    }
    let now = jiff::Timestamp::now();
    let maker = app
        .store
        .create_maker(&NewMaker {
            profile: MakerEdit {
                slug: Slug::parse("photo-maker").unwrap(),
                display_name: "Photo Maker".into(),
                tagline: "Rings, photographed".into(),
                story: "A story.".into(),
                studio: String::new(),
                making_policy: String::new(),
                location: Location {
                    country: Country::parse("GB").unwrap(),
                    region: None,
                    city: None,
                },
                techniques: vec![],
                commissions: CommissionTerms {
                    open: false,
                    lead_time_weeks: None,
                    price_from: None,
                    price_to: None,
                },
            },
            portrait_key: None,
            created_at: now,
            published_at: Some(now),
        })
        .await
        .unwrap();
    app.store
        .create_piece(&NewPiece {
            maker,
            slug: Slug::parse("photographed-ring").unwrap(),
            title: "Photographed ring".into(),
            description: "A ring with a real photo.".into(),
            price: Price::Fixed(Money::from_minor(50_000, Currency::GBP).unwrap()),
            dimensions: String::new(),
            techniques: vec![],
            metals: vec![],
            stones: vec![],
            sourcing: vec![],
            image_key: Some(files[0].key.clone()),
            image_alt: "The ring on a slate".into(),
            gallery: vec![],
            disclosure: None,
            status: PieceStatus::Published,
            created_at: now,
            published_at: Some(now),
        })
        .await
        .unwrap();

    let page = app.text("/pieces/photographed-ring").await;
    let stem = files[0].key.trim_end_matches(".jpg");
    assert!(
        page.contains("<picture><source type=\"image/webp\""),
        "{page}"
    );
    assert!(page.contains(&format!("/media/{stem}-320.webp 320w")));
    assert!(page.contains(&format!("/media/{stem}.webp 1200w")));
    assert!(page.contains(&format!("/media/{stem}-640.jpg 640w")));
    assert!(page.contains("width=\"1200\" height=\"900\""));
    assert!(page.contains("alt=\"The ring on a slate\""));

    let variant = app
        .client
        .get(app.url(&format!("/media/{stem}-640.webp")))
        .send()
        .await
        .unwrap();
    assert_eq!(variant.status(), StatusCode::OK);
    assert_eq!(variant.headers()[CONTENT_TYPE], "image/webp");
    assert!(
        variant.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let bytes = variant.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 640);
}

/// The id in a page's link to its passport.
fn passport_id_in(page: &str) -> String {
    let start = page.find("href=\"/passport/").expect("a passport link") + 16;
    page[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn published_pieces_carry_a_passport_that_verifies_and_tampering_shows() {
    let app = spawn_app().await;
    let piece = app.store.recent_pieces(1).await.unwrap().remove(0);
    let slug = piece.slug.as_str().to_owned();
    let page = app.text(&format!("/pieces/{slug}")).await;
    assert!(page.contains("Disclosure completeness"));
    assert!(page.contains(&format!("/pieces/{slug}/provenance.json")));
    let id = passport_id_in(&page);

    let passport = app
        .client
        .get(app.url(&format!("/passport/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(passport.status(), StatusCode::OK);
    let passport = passport.text().await.unwrap();
    assert!(passport.contains("<strong>Valid.</strong>"), "{passport}");
    assert!(passport.contains(&piece.title));
    assert!(passport.contains("<svg"), "a QR code to print");

    let document: serde_json::Value = app
        .client
        .get(app.url(&format!("/pieces/{slug}/provenance.json")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(document["format"], "touchstone-provenance/1");
    assert_eq!(document["passport"]["id"], id.as_str());
    assert_eq!(document["piece"]["slug"], slug.as_str());
    assert!(document["completeness"].as_u64().unwrap() <= 100);
    assert!(document["disclosure"]["making"]["designed_by"]["value"].is_string());
    assert!(document["summary"].as_str().unwrap().len() > 10);

    // Someone with database access rewrites the signed title: the page says so.
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("touchstone.db").display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(
        "UPDATE passports SET payload = replace(payload, $1, 'A forged title') WHERE id = $2",
    )
    .bind(&piece.title)
    .bind(&id)
    .execute(&pool)
    .await
    .unwrap();
    let tampered = app.text(&format!("/passport/{id}")).await;
    assert!(
        tampered.contains("<strong>Not valid.</strong>"),
        "{tampered}"
    );
    assert!(!tampered.contains("<strong>Valid.</strong>"));
}

#[tokio::test]
async fn a_new_passport_version_supersedes_the_old_one_which_stays_verifiable() {
    use app::provenance::{NewPassportVersion, Notary, PassportPayload};
    let app = spawn_app().await;
    let slug = app.store.recent_pieces(1).await.unwrap().remove(0).slug;
    let (id, version) = app
        .store
        .passport_of_slug(slug.as_str())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(version, 1);
    let first = app.store.passport(&id, Some(1)).await.unwrap().unwrap();
    let mut payload: PassportPayload = serde_json::from_str(&first.payload).unwrap();
    payload.version = 2;
    payload.disclosure.care = Some("Store it in its pouch.".into());
    let payload = serde_json::to_string(&payload).unwrap();
    // The server's own key, from its data directory.
    let notary = touchstone_server::passport::Ed25519Notary::load("", app.data_dir.path()).unwrap();
    let (piece_id, _) = app
        .store
        .passport_of_piece(slug.as_str())
        .await
        .unwrap()
        .unwrap();
    assert!(
        app.store
            .add_passport_version(
                piece_id,
                &NewPassportVersion {
                    id: id.clone(),
                    version: 2,
                    key_id: notary.key_id().to_owned(),
                    signature: notary.sign(payload.as_bytes()),
                    payload,
                    issued_at: jiff::Timestamp::now(),
                },
            )
            .await
            .unwrap()
    );
    let get = |path: String| {
        let request = app.client.get(app.url(&path));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let old = get(format!("/passport/{id}/v/1")).await;
    assert!(old.contains("<strong>Valid.</strong>"), "{old}");
    assert!(old.contains("superseded by version 2"));
    let current = get(format!("/passport/{id}")).await;
    assert!(current.contains("2 of 2"));
    assert!(current.contains("Store it in its pouch."));
    assert!(!current.contains("superseded"));
}

#[tokio::test]
async fn unknown_or_malformed_passports_and_documents_are_404s() {
    let app = spawn_app().await;
    for path in [
        "/passport/0123456789abcdef0123",
        "/passport/%3Cscript%3E",
        "/passport/0123456789abcdef0123/v/99999999999",
        "/pieces/no-such-piece/provenance.json",
        "/pieces/%00%FF/provenance.json",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_no_internals(&response.text().await.unwrap());
    }
}

/// Same-site addresses a page links to or loads: `href`, `src` and `action`.
fn same_site_links(body: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\"", "action=\""] {
        for rest in body.split(attribute).skip(1) {
            let Some(link) = rest.split('"').next() else {
                continue;
            };
            let link = link.replace("&amp;", "&");
            if link.starts_with('/') && !link.starts_with("//") {
                links.push(link.split('#').next().unwrap_or_default().to_owned());
            }
        }
    }
    links
}

/// Crawls the site as a signed-out visitor and as a signed-in maker, and checks
/// every response it meets — pages, images, assets, JSON, 404s — for the headers
/// that keep it safe, its cookies for their attributes, and for no server error or
/// internal detail.
#[tokio::test]
async fn a_crawl_finds_the_security_headers_on_every_response() {
    let app = spawn_app().await;
    let mut maker = crate::support::signed_in(&app, "crawler@example.com").await;
    maker
        .submit(
            "/api/studio/open",
            &[
                ("display_name", "Crawl Studio"),
                ("slug", "crawl-studio"),
                ("country", "GB"),
            ],
        )
        .await;
    let (editor, _) = maker
        .submit("/api/studio/new-piece", &[("title", "Crawled ring")])
        .await;
    assert!(editor.starts_with("/studio/pieces/"), "{editor}");
    let cookie = maker.cookie.clone().unwrap();
    let mut checked = 0;
    for signed_in in [false, true] {
        let mut queue: std::collections::VecDeque<String> = [
            "/",
            "/studio",
            "/account",
            "/sitemap.xml",
            "/no/such/page",
            // Pages no link of a fresh account leads to.
            "/orders/check-your-email",
            "/orders/1?key=1.2.k.0",
            "/account/orders",
            "/account/pieces",
            "/studio/orders",
            "/studio/selling",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        let mut seen = std::collections::HashSet::new();
        while let Some(path) = queue.pop_front() {
            if !seen.insert(path.clone()) || seen.len() > 120 {
                continue;
            }
            let mut request = app.client.get(app.url(&path));
            if signed_in {
                request = request.header("cookie", &cookie);
            }
            let response = request.send().await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            assert!(!status.is_server_error(), "{path}: {status}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["x-frame-options"], "DENY", "{path}");
            assert_eq!(
                headers["referrer-policy"], "strict-origin-when-cross-origin",
                "{path}"
            );
            assert!(headers.contains_key("permissions-policy"), "{path}");
            assert_eq!(
                headers["cross-origin-opener-policy"], "same-origin",
                "{path}"
            );
            let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(
                csp.contains("frame-ancestors 'none'") || csp.contains("sandbox"),
                "{path}: {csp}"
            );
            for set_cookie in headers.get_all("set-cookie") {
                let set_cookie = set_cookie.to_str().unwrap();
                for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
                    assert!(set_cookie.contains(attribute), "{path}: {set_cookie}");
                }
            }
            let html = headers
                .get(CONTENT_TYPE)
                .is_some_and(|t| t.to_str().unwrap().starts_with("text/html"));
            if html {
                let cache = headers[CACHE_CONTROL].to_str().unwrap();
                assert!(
                    cache.contains("private") || cache.contains("no-store"),
                    "{path}: a page with the viewer's name in it must not be shared: {cache}"
                );
                let body = response.text().await.unwrap();
                assert_no_internals(&body);
                // Only pages lead on; a form's action is fetched, never posted.
                queue.extend(same_site_links(&body));
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "the crawl reached only {checked} responses");
}

/// What a response says to the person: the alerts and notices of a page, or the
/// whole of any other body.
fn messages(body: &str) -> String {
    if !body.trim_start().starts_with("<!DOCTYPE") {
        return body.to_owned();
    }
    ["role=\"alert\"", "role=\"status\""]
        .iter()
        .flat_map(|role| body.split(role).skip(1))
        .map(|rest| rest[..rest.find("</div>").unwrap_or(rest.len())].to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A post form found on a page: where it goes and its fields, hidden ones with
/// their values.
struct FoundForm {
    action: String,
    fields: Vec<(String, Option<String>)>,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let value = &tag[start..];
    Some(value[..value.find('"')?].replace("&amp;", "&"))
}

fn post_forms(body: &str) -> Vec<FoundForm> {
    body.split("<form")
        .skip(1)
        .filter_map(|rest| {
            let form = &rest[..rest.find("</form>")?];
            let open = &form[..form.find('>')?];
            if attribute(open, "method").as_deref() != Some("post")
                || attribute(open, "enctype").is_some()
            {
                return None;
            }
            let fields = ["<input", "<textarea", "<select"]
                .iter()
                .flat_map(|kind| form.split(kind).skip(1))
                .filter_map(|tag| {
                    let tag = &tag[..tag.find('>')?];
                    let name = attribute(tag, "name")?;
                    let hidden = attribute(tag, "type").as_deref() == Some("hidden");
                    Some((
                        name,
                        hidden.then(|| attribute(tag, "value").unwrap_or_default()),
                    ))
                })
                .collect();
            Some(FoundForm {
                action: attribute(open, "action")?,
                fields,
            })
        })
        .collect()
}

/// The post forms on `pages` as `visitor` sees them, each action once; none that
/// signs out (the forms after it would lose the session).
async fn forms_on(visitor: &mut crate::support::Visitor<'_>, pages: &[&str]) -> Vec<FoundForm> {
    let mut forms: Vec<FoundForm> = Vec::new();
    for page in pages {
        let answer = visitor.get(page).await;
        assert_eq!(answer.status, reqwest::StatusCode::OK, "{page}");
        for form in post_forms(&answer.body) {
            if !form.action.contains("sign-out") && !forms.iter().any(|f| f.action == form.action) {
                forms.push(form);
            }
        }
    }
    forms
}

/// Posts every naughty string (every fourth of the list) into every visible
/// field of `form` (hidden fields keep their values, so the checks behind them
/// are reached), then malformed bodies, as `visitor`. Never a server error, never
/// an internal detail, on the answer or on the page it leads to. The number of
/// posts.
async fn bombard(
    visitor: &mut crate::support::Visitor<'_>,
    form: &FoundForm,
    naughty: &[String],
) -> usize {
    let app = visitor.app;
    let cookie = visitor.cookie.clone();
    let post = |action: &str| {
        let request = app
            .client
            .post(app.url(action))
            .header("origin", format!("http://{}", app.address))
            .header("accept", "text/html");
        match &cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
    };
    let mut answers = Vec::new();
    for text in naughty.iter().step_by(4) {
        let pairs: Vec<(&str, &str)> = form
            .fields
            .iter()
            .map(|(name, hidden)| (name.as_str(), hidden.as_deref().unwrap_or(text)))
            .collect();
        answers.push((text.clone(), post(&form.action).form(&pairs)));
    }
    let malformed: Vec<(&str, &'static str, Vec<u8>)> = vec![
        (
            "invalid UTF-8",
            "application/x-www-form-urlencoded",
            b"title=\xff\xfe\xfd&piece=%FF".to_vec(),
        ),
        ("no fields", "application/x-www-form-urlencoded", Vec::new()),
        (
            "JSON",
            "application/json",
            br#"{"piece": [1, 2], "title": {"$gt": ""}}"#.to_vec(),
        ),
        (
            "wrong types",
            "application/x-www-form-urlencoded",
            b"piece[]=1&piece[x]=2&photos=3".to_vec(),
        ),
        (
            "too large",
            "application/x-www-form-urlencoded",
            vec![b'a'; 3 * 1024 * 1024],
        ),
    ];
    for (what, content_type, body) in malformed {
        answers.push((
            what.to_owned(),
            post(&form.action)
                .header("content-type", content_type)
                .body(body),
        ));
    }
    let mut sent = 0;
    for (input, request) in answers {
        let response = request.send().await.unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap_or_default();
        assert!(
            !status.is_server_error(),
            "{} with {input:?}: {status} {body}",
            form.action
        );
        // Pages show what was typed and saved; the messages they give are
        // what must never hold an internal detail (unless the input did).
        let echoes_internals = INTERNALS.iter().any(|leak| input.contains(leak));
        if !echoes_internals {
            assert_no_internals(&messages(&body));
        }
        if let Some(location) = location.filter(|l| l.starts_with('/')) {
            let page = visitor.get(&location).await;
            assert!(
                !page.status.is_server_error(),
                "{} with {input:?} → {location}: {}",
                form.action,
                page.status
            );
            if !echoes_internals {
                assert_no_internals(&messages(&page.body));
            }
        }
        sent += 1;
    }
    sent
}

/// Every post form a maker meets, and every one a signed-out visitor meets
/// (signing in and up, a password reset, booking a consultation as a guest),
/// receives the Big List of Naughty Strings and malformed bodies.
#[tokio::test]
async fn every_form_survives_the_naughty_strings_and_malformed_bodies() {
    let naughty: Vec<String> = serde_json::from_str(include_str!("fixtures/blns.json")).unwrap();
    let app = spawn_app().await;
    let mut maker = crate::support::signed_in(&app, "naughty@example.com").await;
    let studio = [
        ("display_name", "Naughty Studio"),
        ("slug", "naughty"),
        ("country", "GB"),
        ("tagline", "Rings"),
        ("story", "I make rings."),
        ("commissions", "open"),
        ("currency", "GBP"),
    ];
    maker.submit("/api/studio/open", &studio).await;
    maker.submit("/api/studio/save-profile", &studio).await;
    maker
        .submit("/api/studio/publish-profile", &[("publish", "yes")])
        .await;
    maker
        .submit(
            "/api/studio/save-availability",
            &[
                ("zone", "Europe/London"),
                ("hours[0][weekday]", "monday"),
                ("hours[0][start]", "09:00"),
                ("hours[0][end]", "17:00"),
                ("buffer_before", "0"),
                ("buffer_after", "0"),
                ("notice_hours", "0"),
                ("horizon_days", "30"),
            ],
        )
        .await;
    maker
        .submit(
            "/api/studio/offer-consultation",
            &[
                ("name", "Ring consultation"),
                ("minutes", "60"),
                ("format", "video-call"),
                ("currency", "GBP"),
            ],
        )
        .await;
    let (editor, _) = maker
        .submit("/api/studio/new-piece", &[("title", "Naughty ring")])
        .await;
    // A buyer's commission: its request form and its page's steps, on both sides.
    let mut buyer = crate::support::signed_in(&app, "naughty-buyer@example.com").await;
    let (commission, _) = buyer
        .submit(
            "/api/commissions/request",
            &[("maker", "naughty"), ("brief", "A ring")],
        )
        .await;
    let maker_forms = forms_on(
        &mut maker,
        &[
            editor.as_str(),
            "/studio",
            "/studio/profile",
            "/studio/consultations",
            "/studio/selling",
            "/account",
            commission.as_str(),
            "/",
        ],
    )
    .await;
    assert!(
        maker_forms
            .iter()
            .any(|form| form.fields.iter().any(|(name, _)| name == "price")),
        "the proposal form is reached"
    );
    // And an order of a demo piece: the checkout's form and the order's steps.
    let slug = crate::support::pieces_for_sale(&app, 1).await.remove(0);
    let checkout = format!("/pieces/{slug}/buy");
    let (order, _) = buyer
        .submit(
            "/api/orders/checkout",
            &[("piece", slug.as_str()), ("delivery", "collect")],
        )
        .await;
    assert!(order.starts_with("/orders/"), "{order}");
    let buyer_forms = forms_on(
        &mut buyer,
        &[
            "/makers/naughty/commission",
            commission.as_str(),
            checkout.as_str(),
            order.as_str(),
        ],
    )
    .await;
    assert!(
        buyer_forms
            .iter()
            .any(|form| form.action.ends_with("/orders/checkout")),
        "the checkout form is reached"
    );
    assert!(
        buyer_forms
            .iter()
            .any(|form| form.action.ends_with("/commissions/request")),
        "the commission request form is reached"
    );
    assert!(
        maker_forms.len() >= 10,
        "found only {} forms",
        maker_forms.len()
    );

    let mut visitor = crate::support::Visitor::new(&app);
    let profile = visitor.get("/makers/naughty").await.body;
    let booking = profile
        .split("href=\"/makers/naughty/consultations/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|id| format!("/makers/naughty/consultations/{id}"))
        .expect("the consultation is offered");
    let visitor_forms = forms_on(
        &mut visitor,
        &[
            "/sign-in",
            "/sign-up",
            "/account/reset",
            booking.as_str(),
            checkout.as_str(),
        ],
    )
    .await;
    assert!(
        visitor_forms
            .iter()
            .any(|form| form.fields.iter().any(|(name, _)| name == "guest_email")),
        "the guest checkout form is reached"
    );
    assert!(
        visitor_forms
            .iter()
            .any(|form| form.action.ends_with("/booking/request")),
        "the guest booking form is reached"
    );

    let mut sent = 0;
    for form in &maker_forms {
        sent += bombard(&mut maker, form, &naughty).await;
    }
    for form in &visitor_forms {
        sent += bombard(&mut visitor, form, &naughty).await;
    }
    for form in &buyer_forms {
        sent += bombard(&mut buyer, form, &naughty).await;
    }

    // Every server function, not only those behind a form, as the maker and as a
    // stranger: each naughty string (every eighth) in every field any form uses
    // and the names the functions read from addresses.
    let mut names: Vec<String> = maker_forms
        .iter()
        .chain(&visitor_forms)
        .chain(&buyer_forms)
        .flat_map(|form| form.fields.iter().map(|(name, _)| name.clone()))
        .chain(
            [
                "slug",
                "booking",
                "key",
                "piece",
                "consultation",
                "zone",
                "from",
                "start",
                "q",
                "page",
                "document",
                "form",
                "by_maker",
                "offset",
                "commission",
                "as_maker",
                "action",
                "order",
                "id",
            ]
            .map(String::from),
        )
        .collect();
    names.sort();
    names.dedup();
    let functions: Vec<(&str, reqwest::Method)> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(path, _)| !path.contains("sign-out"))
        .map(|(path, method)| {
            (
                path,
                reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap(),
            )
        })
        .collect();
    assert!(
        functions.len() >= 40,
        "only {} server functions",
        functions.len()
    );
    for caller in [&mut maker, &mut visitor, &mut buyer] {
        let cookie = caller.cookie.clone();
        for (path, method) in &functions {
            for text in naughty.iter().step_by(8) {
                let pairs: Vec<(&str, &str)> = names
                    .iter()
                    .map(|name| (name.as_str(), text.as_str()))
                    .collect();
                let request = app
                    .client
                    .request(method.clone(), app.url(path))
                    .header("origin", format!("http://{}", app.address));
                let request = if *method == reqwest::Method::GET {
                    request.query(&pairs)
                } else {
                    request.form(&pairs)
                };
                let request = match &cookie {
                    Some(cookie) => request.header("cookie", cookie),
                    None => request,
                };
                let response = request.send().await.unwrap();
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                assert!(
                    !status.is_server_error(),
                    "{path} with {text:?}: {status} {body}"
                );
                if !INTERNALS.iter().any(|leak| text.contains(leak)) {
                    assert_no_internals(&body);
                }
                sent += 1;
            }
        }
    }
    eprintln!(
        "{} forms and {} server functions, {sent} naughty and malformed requests",
        maker_forms.len() + visitor_forms.len() + buyer_forms.len(),
        functions.len()
    );
}

/// A page that must be there: its headers and its body.
async fn found_page(app: &TestApp, path: String) -> (reqwest::header::HeaderMap, String) {
    let response = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let headers = response.headers().clone();
    (headers, response.text().await.unwrap())
}
