//! A listing's query string (filters, search words, sort, page): whatever it
//! says, reading it never panics, and what it understood, written back as a query
//! string, reads the same with nothing ignored.
#![no_main]

use domain::search::ListingQuery;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(data).into_owned().collect();
    let (query, _) = ListingQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let written = query.to_query_string();
    let again: Vec<(String, String)> = form_urlencoded::parse(written.as_bytes())
        .into_owned()
        .collect();
    let (reread, ignored) =
        ListingQuery::parse(again.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert!(ignored.is_empty(), "{written}: {ignored:?}");
    assert_eq!(reread, query, "{written}");
});
