//! `robots.txt` and `sitemap.xml`, generated from what is published.

use super::AppState;
use axum::extract::State;
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

pub async fn sitemap(State(state): State<AppState>) -> Response {
    let entries = match state.store.sitemap().await {
        Ok(entries) => entries,
        Err(error) => {
            tracing::error!(%error, "sitemap failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Please try again in a moment.",
            )
                .into_response();
        }
    };
    let base = escape(&state.public_base_url);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in LISTING_PATHS {
        xml.push_str(&format!("<url><loc>{base}{path}</loc></url>\n"));
    }
    for entry in entries {
        xml.push_str(&format!(
            "<url><loc>{base}{}</loc><lastmod>{}</lastmod></url>\n",
            escape(&entry.path),
            escape(&entry.last_modified)
        ));
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
