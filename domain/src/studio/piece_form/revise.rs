//! Merging an edited disclosure with the saved one.

use super::rows::{nature_slug, treatment_slug};
use crate::provenance::{Claim, Disclosure, MakingStep, Surface};
use crate::shared::Country;

/// The saved claim when the maker left it as it was (keeping its evidence), else
/// the edited one, self-declared.
pub(super) fn kept<T: Clone>(
    saved: Option<&Claim<T>>,
    edited: Claim<T>,
    same: impl Fn(&T, &T) -> bool,
) -> Claim<T> {
    match saved {
        Some(saved) if same(&saved.value, &edited.value) => saved.clone(),
        _ => edited,
    }
}

pub(super) fn kept_option<T: Clone + PartialEq>(
    saved: Option<&Claim<T>>,
    edited: Option<Claim<T>>,
) -> Option<Claim<T>> {
    edited.map(|edited| kept(saved, edited, T::eq))
}

/// Merges an edited disclosure with the saved one: unchanged claims keep their
/// evidence, and what the form doesn't show (hallmarks, certificates, grading
/// reports, warranties, growth methods, stone sources) stays with the metal or
/// stone it belongs to, as long as the claim it rests on is unchanged.
pub fn revise(saved: Option<&Disclosure>, mut edited: Disclosure) -> Disclosure {
    let Some(saved) = saved else {
        return edited;
    };
    let making = &mut edited.making;
    making.designed_by = kept(
        Some(&saved.making.designed_by),
        making.designed_by.clone(),
        String::eq,
    );
    making.made_in = kept(
        Some(&saved.making.made_in),
        making.made_in.clone(),
        Country::eq,
    );
    for (index, step) in making.steps.iter_mut().enumerate() {
        *step = kept(saved.making.steps.get(index), step.clone(), MakingStep::eq);
    }
    for (index, metal) in edited.metals.iter_mut().enumerate() {
        let Some(before) = saved.metals.get(index).filter(|m| m.metal == metal.metal) else {
            continue;
        };
        let fineness_unchanged =
            metal.fineness.as_ref().map(|c| c.value) == before.fineness.as_ref().map(|c| c.value);
        metal.fineness = kept_option(before.fineness.as_ref(), metal.fineness.take());
        metal.surface = kept(Some(&before.surface), metal.surface.clone(), Surface::eq);
        metal.weight = kept_option(before.weight.as_ref(), metal.weight.take());
        metal.recycled = kept_option(before.recycled.as_ref(), metal.recycled.take());
        if fineness_unchanged {
            metal.hallmark = before.hallmark.clone();
        }
        metal.scheme = before.scheme.clone();
    }
    for (index, stone) in edited.stones.iter_mut().enumerate() {
        let Some(before) = saved
            .stones
            .get(index)
            .filter(|s| s.species.eq_ignore_ascii_case(&stone.species))
        else {
            continue;
        };
        let nature_unchanged =
            nature_slug(&before.nature.value) == nature_slug(&stone.nature.value);
        stone.nature = kept(Some(&before.nature), stone.nature.clone(), |a, b| {
            nature_slug(a) == nature_slug(b)
        });
        stone.treatments = kept(
            Some(&before.treatments),
            stone.treatments.clone(),
            |a, b| treatment_slug(a) == treatment_slug(b),
        );
        stone.origin = stone.origin.take().map(|origin| {
            kept(before.origin.as_ref(), origin, |a, b| {
                a.country == b.country
            })
        });
        if nature_unchanged {
            stone.report = before.report.clone();
            stone.warranty = before.warranty.clone();
        }
    }
    edited
}
