//! The lists the form offers, as (slug, label).

pub const SURFACES: [(&str, &str); 5] = [
    ("solid", "Solid"),
    ("plated", "Plated"),
    ("vermeil", "Vermeil"),
    ("gold-filled", "Gold-filled"),
    ("rolled-gold-plate", "Rolled gold plate"),
];

pub const TREATMENTS: [(&str, &str); 9] = [
    ("untreated", "Not treated"),
    ("not-known", "Not known"),
    ("heating", "Heated"),
    ("fracture-filling", "Fracture-filled"),
    ("irradiation", "Irradiated"),
    ("diffusion", "Diffusion-treated"),
    ("dyeing", "Dyed"),
    ("coating", "Coated"),
    ("oiling", "Oiled"),
];

pub const HISTORIES: [(&str, &str); 4] = [
    ("new", "New"),
    ("vintage", "Vintage"),
    ("reclaimed", "Reclaimed"),
    ("client-supplied", "Supplied by the client"),
];

pub const NATURES: [(&str, &str); 3] = [
    ("natural", "Natural"),
    ("lab-grown", "Laboratory-grown"),
    ("imitation", "Imitation"),
];

pub const EDITIONS: [(&str, &str); 3] = [
    ("one-of-one", "One of a kind"),
    ("limited", "Limited edition"),
    ("made-to-order", "Made to order"),
];
