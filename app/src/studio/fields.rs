//! Labelled form controls for the studio's long forms, named for nested posts
//! (`metals[0][fineness]`) and identified to match (`metals-0-fineness`).

use leptos::prelude::*;

/// The element id for a field name: brackets become hyphens.
pub fn field_id(name: &str) -> String {
    let mut id = String::from("field-");
    for c in name.chars() {
        match c {
            '[' => id.push('-'),
            ']' => {}
            c => id.push(c),
        }
    }
    id
}

/// A field's label and its hint, which the control names in `aria-describedby`.
#[component]
fn LabelAndHint(id: String, label: String, hint: Option<&'static str>) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <label for=id>{label}</label>
        {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
    }
}

/// A field's element id (the one given, or derived from its name) and its hint's.
fn ids(id: Option<String>, name: &str, hint: Option<&'static str>) -> (String, Option<String>) {
    let id = id.unwrap_or_else(|| field_id(name));
    let described = hint.map(|_| format!("{id}-hint"));
    (id, described)
}

#[component]
pub fn Input(
    label: String,
    name: String,
    value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(default = None)] maxlength: Option<usize>,
    #[prop(default = false)] required: bool,
    #[prop(default = None)] inputmode: Option<&'static str>,
    #[prop(default = None)] list: Option<&'static str>,
    /// The element id when several forms on a page share the field's name;
    /// otherwise derived from the name.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let (id, described) = ids(id, &name, hint);
    view! {
        <div class="field">
            <LabelAndHint id=id.clone() label hint/>
            <input id=id name=name type=kind value=value required=required
                maxlength=maxlength.map(|n| n.to_string())
                inputmode=inputmode list=list
                aria-describedby=described/>
        </div>
    }
}

/// A labelled text area: the only place the app writes a `<textarea>` (a test
/// checks the sources), because the renderer writes a text area's content raw —
/// `</textarea>` in a maker's story would end it and the rest become markup.
#[component]
pub fn TextArea(
    label: String,
    name: String,
    value: String,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(default = 5)] rows: u32,
    maxlength: usize,
    #[prop(default = false)] required: bool,
    /// The element id when several forms on a page share the field's name;
    /// otherwise derived from the name.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let (id, described) = ids(id, &name, hint);
    view! {
        <div class="field">
            <LabelAndHint id=id.clone() label hint/>
            <textarea id=id name=name rows=rows maxlength=maxlength.to_string() required=required
                aria-describedby=described>{text_area_content(value)}</textarea>
        </div>
    }
}

/// A text area's content as the renderer must write it: escaped on the server;
/// in the browser it becomes a text node, which needs no escaping.
fn text_area_content(value: String) -> String {
    #[cfg(feature = "ssr")]
    return crate::shared::escaped_text(&value);
    #[cfg(not(feature = "ssr"))]
    return value;
}

/// A select over `(value, label)` options, with a blank first option when `blank`
/// names it ("Choose…").
#[component]
pub fn Choice(
    label: String,
    name: String,
    value: String,
    options: Vec<(String, String)>,
    #[prop(default = None)] blank: Option<&'static str>,
    #[prop(default = None)] hint: Option<&'static str>,
) -> impl IntoView {
    let (id, described) = ids(None, &name, hint);
    view! {
        <div class="field">
            <LabelAndHint id=id.clone() label hint/>
            <select id=id name=name aria-describedby=described>
                {blank.map(|blank| view! { <option value="" selected=value.is_empty()>{blank}</option> })}
                {options
                    .into_iter()
                    .map(|(option, text)| {
                        let selected = option == value;
                        view! { <option value=option selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A group of checkboxes sharing a list name (`techniques[]`).
#[component]
pub fn Checkboxes(
    legend: String,
    name: &'static str,
    checked: Vec<String>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <fieldset class="checkboxes">
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(option, text)| {
                    let id = format!("{}-{option}", field_id(name));
                    let is_checked = checked.contains(&option);
                    view! {
                        <label class="checkbox" for=id.clone()>
                            <input type="checkbox" id=id.clone() name=format!("{name}[]") value=option checked=is_checked/>
                            {text}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

pub fn countries() -> Vec<(String, String)> {
    let mut countries: Vec<(String, String)> = crate::shared::Country::all()
        .map(|c| (c.code().to_owned(), c.name().to_owned()))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    countries
}

pub fn currencies() -> Vec<(String, String)> {
    crate::shared::Currency::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.code().to_owned()))
        .collect()
}

pub fn techniques() -> Vec<(String, String)> {
    crate::makers::Technique::ALL
        .iter()
        .map(|t| (t.slug().to_owned(), t.label().to_owned()))
        .collect()
}

pub fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(value, label)| ((*value).to_owned(), (*label).to_owned()))
        .collect()
}
