//! The Touchstone server: configuration, storage adapters, HTTP, demo data and CLI.

pub mod config;
pub mod demo;
pub mod files;
pub mod http;
pub mod images;
pub mod links;
pub mod mail;
pub mod passport;
pub mod secrets;
mod shutdown;
pub mod startup;
pub mod store;
pub mod stripe;
pub mod telemetry;
