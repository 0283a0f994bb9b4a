//! The demo's pictures, drawn by code: each piece's illustration and each
//! studio's mark, as SVG.

use super::{Dice, Form};
use app::pieces::Metal;
use app::shared::hex;
use app::store::Media;
use sha2::{Digest, Sha256};
use std::fmt::Write;

pub(super) fn svg_media(svg: String, width: u32, height: u32) -> Media {
    let digest = Sha256::digest(svg.as_bytes());
    let key = hex(&digest[..16]) + ".svg";
    Media {
        key,
        content_type: "image/svg+xml".into(),
        width,
        height,
        bytes: svg.into_bytes(),
        private: false,
        maker: None,
    }
}

pub(super) fn metal_colours(metal: Metal) -> (&'static str, &'static str) {
    match metal {
        Metal::YellowGold => ("#b8862b", "#f4d57e"),
        Metal::WhiteGold => ("#9ea4a8", "#eef1f3"),
        Metal::RoseGold => ("#b66d5a", "#f0b7a4"),
        Metal::Silver => ("#8f969c", "#e9ecee"),
        Metal::Platinum => ("#a3a6a8", "#f2f2f0"),
        Metal::Palladium => ("#969a9d", "#e2e4e5"),
        Metal::Titanium => ("#55595e", "#a9adb2"),
        Metal::Bronze => ("#7d5a2c", "#c9a066"),
        Metal::Brass => ("#94782c", "#e0c66a"),
        Metal::Copper => ("#8a4b24", "#dd9461"),
    }
}

pub(super) fn stone_colour(species: &str) -> &'static str {
    match species {
        "sapphire" => "#1f4fa3",
        "diamond" => "#e6f3fb",
        "emerald" => "#1c8c5a",
        "garnet" => "#7b1e2b",
        "tourmaline" => "#d0587e",
        "opal" => "#bfe3dc",
        "moonstone" => "#dfe7ef",
        "aquamarine" => "#7fc7d9",
        "spinel" => "#c2185b",
        "labradorite" => "#4d6a7a",
        "nephrite jade" => "#3f7d4e",
        _ => "#9aa5b1",
    }
}

/// A simple, recognisable drawing of the piece: form, metal colour and stone.
pub(super) fn illustration(
    form: Form,
    metal: Metal,
    stone: Option<&str>,
    dice: &mut Dice,
) -> Media {
    let (dark, light) = metal_colours(metal);
    let backgrounds = ["#f4efe6", "#eef0ea", "#f1ece9", "#e9eef0", "#f3efe2"];
    let background = dice.pick(&backgrounds);
    let tilt = dice.below(30) as i32 - 15;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 800\" width=\"800\" height=\"800\">\
         <defs><linearGradient id=\"m\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{light}\"/><stop offset=\"0.55\" stop-color=\"{dark}\"/>\
         <stop offset=\"1\" stop-color=\"{light}\"/></linearGradient>\
         <radialGradient id=\"s\" cx=\"0.35\" cy=\"0.3\" r=\"0.8\"><stop offset=\"0\" stop-color=\"#ffffff\"/>\
         <stop offset=\"0.35\" stop-color=\"{stone_fill}\"/><stop offset=\"1\" stop-color=\"{stone_fill}\"/></radialGradient></defs>\
         <rect width=\"800\" height=\"800\" fill=\"{background}\"/>\
         <ellipse cx=\"400\" cy=\"690\" rx=\"230\" ry=\"26\" fill=\"#000\" fill-opacity=\"0.07\"/>\
         <g transform=\"rotate({tilt} 400 400)\">",
        stone_fill = stone.map(stone_colour).unwrap_or(dark),
    );
    let gem = |svg: &mut String, x: i32, y: i32, r: i32| {
        if stone.is_some() {
            let _ = write!(
                svg,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"{}\" fill=\"url(#m)\"/>\
                 <circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"url(#s)\" stroke=\"#00000033\" stroke-width=\"2\"/>\
                 <path d=\"M{} {y} L{x} {} L{} {y} L{x} {} Z\" fill=\"none\" stroke=\"#ffffff66\" stroke-width=\"2\"/>",
                r + 12,
                x - r / 2,
                y - r / 2,
                x + r / 2,
                y + r / 2
            );
        }
    };
    match form {
        Form::Ring => {
            svg.push_str("<ellipse cx=\"400\" cy=\"440\" rx=\"190\" ry=\"200\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"46\"/>");
            gem(&mut svg, 400, 236, 58);
        }
        Form::Pendant => {
            svg.push_str("<path d=\"M170 90 Q400 430 630 90\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"7\"/>\
                          <path d=\"M400 330 C300 430 310 590 400 640 C490 590 500 430 400 330 Z\" fill=\"url(#m)\"/>");
            gem(&mut svg, 400, 520, 52);
        }
        Form::Earrings => {
            for x in [280, 520] {
                let _ = write!(
                    svg,
                    "<path d=\"M{x} 150 q-30 40 0 70\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"8\"/>\
                     <path d=\"M{x} 230 C{l} 330 {l} 480 {x} 540 C{r} 480 {r} 330 {x} 230 Z\" fill=\"url(#m)\"/>",
                    l = x - 70,
                    r = x + 70
                );
                gem(&mut svg, x, 420, 36);
            }
        }
        Form::Cuff => {
            svg.push_str("<path d=\"M170 520 C170 210 630 210 630 520\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"90\" stroke-linecap=\"round\"/>\
                          <path d=\"M215 500 C230 270 570 270 585 500\" fill=\"none\" stroke=\"#ffffff55\" stroke-width=\"6\"/>");
            gem(&mut svg, 400, 290, 40);
        }
        Form::Brooch => {
            for i in 0..12 {
                let _ = write!(
                    svg,
                    "<rect x=\"392\" y=\"170\" width=\"16\" height=\"130\" rx=\"8\" fill=\"url(#m)\" transform=\"rotate({} 400 400)\"/>",
                    i * 30
                );
            }
            svg.push_str("<circle cx=\"400\" cy=\"400\" r=\"120\" fill=\"url(#m)\"/>");
            gem(&mut svg, 400, 400, 64);
        }
    }
    svg.push_str("</g></svg>");
    svg_media(svg, 800, 800)
}

/// A maker's studio mark: their initials stamped in their main metal.
pub(super) fn studio_mark(name: &str, metal: Metal) -> Media {
    let (dark, light) = metal_colours(metal);
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .collect();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 400\" width=\"400\" height=\"400\">\
         <defs><linearGradient id=\"m\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{light}\"/><stop offset=\"1\" stop-color=\"{dark}\"/></linearGradient></defs>\
         <rect width=\"400\" height=\"400\" fill=\"#2a241d\"/>\
         <rect x=\"70\" y=\"110\" width=\"260\" height=\"180\" rx=\"36\" fill=\"none\" stroke=\"url(#m)\" stroke-width=\"10\"/>\
         <text x=\"200\" y=\"235\" text-anchor=\"middle\" font-family=\"Georgia, serif\" font-size=\"104\" \
         letter-spacing=\"8\" fill=\"url(#m)\">{initials}</text></svg>"
    );
    svg_media(svg, 400, 400)
}
