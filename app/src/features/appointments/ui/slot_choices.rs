//! Free slots as radio buttons, a group per day, and the links to the days before and after:
//! for the wizard, the person moving an appointment and the agent.

use crate::features::appointments::{DayView, SlotPage, SlotView};
use leptos::prelude::*;

/// Radio buttons for a page of slots, one group per day.
pub(super) fn slot_choices(page: &SlotPage, prefix: &'static str) -> impl IntoView {
    page.days
        .iter()
        .map(|d: &DayView| {
            let slots = d.slots.clone();
            view! {
                <fieldset class="field slot-day">
                    <legend>{d.label.clone()}</legend>
                    <div class="slot-grid">
                        {slots.into_iter().map(|sl: SlotView| {
                            let id = format!("{prefix}-{}", sl.value.replace([':', '+'], "-"));
                            view! { <div class="slot"><input type="radio" id=id.clone() name="creneau" value=sl.value checked=sl.selected/><label for=id>{sl.label}</label></div> }
                        }).collect_view()}
                    </div>
                </fieldset>
            }
        })
        .collect_view()
}

pub(super) fn paging(page: &SlotPage, base: String) -> impl IntoView {
    let sep = if base.contains('?') { "&" } else { "?" };
    view! {
        <p class="pager">
            {page.previous_from.clone().map(|d| view! { <a href=format!("{base}{sep}du={d}")>"Jours précédents"</a> })}
            " "
            {page.next_from.clone().map(|d| view! { <a href=format!("{base}{sep}du={d}")>"Jours suivants"</a> })}
        </p>
    }
}
