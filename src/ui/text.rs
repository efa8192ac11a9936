//! Text fields that keep exactly what was typed: comma-separated list fields, select-all on
//! rename, and names shortened with an ellipsis where space is short.

use egui::text_edit::TextEditState;
use egui::text_selection::CCursorRange;
use egui::{Id, Response, TextEdit, Ui};
use std::collections::HashMap;

/// Selects the whole text of the text field `id` (a rename starts with the old name selected,
/// so typing replaces it).
pub fn select_all(ui: &Ui, id: Id, text: &str) {
    let mut state = TextEditState::load(ui.ctx(), id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(CCursorRange::select_all_str(text)));
    state.store(ui.ctx(), id);
}

/// Splits a comma-separated list; blanks are dropped, words keep their inner spaces.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// What is being typed into list fields, by field. While a person types "Mei Lin, " the model
/// already holds ["Mei Lin"], but the field must keep showing the space and the comma: the
/// typed text is kept here for as long as it still means what the model holds.
#[derive(Default)]
pub struct ListDrafts {
    drafts: HashMap<Id, String>,
}

impl ListDrafts {
    /// A single-line field editing `items` as "a, b, c", `width` wide (`f32::INFINITY` for all
    /// the room there is). Returns the response and whether
    /// `items` changed. The typed text is shown as typed, and parsed into `items` on every
    /// keystroke, so the rest of the UI (the threat statement) follows along.
    pub fn field(
        &mut self,
        ui: &mut Ui,
        id_salt: impl std::hash::Hash + std::fmt::Debug,
        items: &mut Vec<String>,
        hint: &str,
        width: f32,
    ) -> (Response, bool) {
        let id = ui.make_persistent_id(id_salt);
        let joined = items.join(", ");
        // The draft stands only while it still says what the model holds (an undo, or another
        // document, replaces it with the model's text).
        let mut text = match self.drafts.get(&id) {
            Some(d) if parse_list(d) == *items => d.clone(),
            _ => joined,
        };
        let r = ui.add(
            TextEdit::singleline(&mut text)
                .id(id)
                .hint_text(hint)
                .desired_width(width),
        );
        let mut changed = false;
        if r.changed() {
            let parsed = parse_list(&text);
            changed = parsed != *items;
            *items = parsed;
            self.drafts.insert(id, text);
        }
        if r.lost_focus() || !r.has_focus() && !r.changed() {
            self.drafts.remove(&id);
        }
        (r, changed)
    }
}

/// The undo-merging key of typing into one field: keystrokes with the same key merge into one
/// undo step until the field loses focus.
pub fn typing_key(field: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    field.hash(&mut h);
    h.finish()
}

/// The first `max` characters of `text`, with "…" when it was longer.
pub fn ellipsize(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_inner_spaces() {
        assert_eq!(
            parse_list(" Mei Lin, Ana Silva ,,"),
            ["Mei Lin", "Ana Silva"]
        );
    }

    #[test]
    fn ellipsis_only_when_longer() {
        assert_eq!(ellipsize("abc", 3), "abc");
        assert_eq!(ellipsize("abcd", 3), "abc…");
        assert_eq!(ellipsize("ééééé", 2), "éé…");
    }
}
