//! `robots.txt` and `sitemap.xml`, generated from what is published.

use super::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Listing pages worth crawling besides every maker and piece.
const LISTING_PATHS: [&str; 3] = ["/", "/makers", "/search"];

pub async fn robots(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n",
            state.public_base_url
        ),
    )
        .into_response()
}

/// URLs per sitemap file; the protocol allows 50 000.
const URLS_PER_SITEMAP: usize = 40_000;

/// `/sitemap.xml`: the URLs themselves, or an index of `/sitemaps/{n}.xml` files
/// once there are more than one file may hold.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let urls = match urls(&state).await {
        Ok(urls) => urls,
        Err(response) => return response,
    };
    if urls.len() <= URLS_PER_SITEMAP {
        return xml(urlset(&urls));
    }
    let base = escape(&state.public_base_url);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in 1..=urls.len().div_ceil(URLS_PER_SITEMAP) {
        index.push_str(&format!(
            "<sitemap><loc>{base}/sitemaps/{page}.xml</loc></sitemap>\n"
        ));
    }
    index.push_str("</sitemapindex>\n");
    xml(index)
}

/// `/sitemaps/{n}.xml`: the n-th part of a sitemap too big for one file.
pub async fn sitemap_part(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let page = file
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n >= 1);
    let Some(page) = page else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let urls = match urls(&state).await {
        Ok(urls) => urls,
        Err(response) => return response,
    };
    let part: Vec<(String, Option<String>)> = urls
        .into_iter()
        .skip((page - 1) * URLS_PER_SITEMAP)
        .take(URLS_PER_SITEMAP)
        .collect();
    if part.is_empty() {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    xml(urlset(&part))
}

/// Every public URL, with its last change when known.
async fn urls(state: &AppState) -> Result<Vec<(String, Option<String>)>, Response> {
    let entries = state.store.sitemap().await.map_err(|error| {
        tracing::error!(%error, "sitemap failed");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "Please try again in a moment.",
        )
            .into_response()
    })?;
    let base = &state.public_base_url;
    Ok(LISTING_PATHS
        .iter()
        .map(|path| (format!("{base}{path}"), None))
        .chain(
            entries
                .into_iter()
                .map(|e| (format!("{base}{}", e.path), Some(e.last_modified))),
        )
        .collect())
}

fn urlset(urls: &[(String, Option<String>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, last_modified) in urls {
        match last_modified {
            Some(day) => xml.push_str(&format!(
                "<url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                escape(url),
                escape(day)
            )),
            None => xml.push_str(&format!("<url><loc>{}</loc></url>\n", escape(url))),
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
