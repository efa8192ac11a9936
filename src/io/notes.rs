//! Sentences shared by the exporters' notes on what a format cannot hold.

use crate::model::Model;

/// "N <what>" when there are any.
pub(crate) fn counted(n: usize, what: &str) -> Option<String> {
    (n > 0).then(|| format!("{n} {what}"))
}

/// The workshop's records neither Threat Dragon nor Threat Composer has a place for: the
/// retrospective and the review marks.
pub(crate) fn workshop_records(model: &Model) -> impl Iterator<Item = String> {
    [
        counted(
            model.retrospective.len(),
            "retrospective answer(s) are not in the file.",
        ),
        counted(
            model.not_applicable.len() + model.dismissed.len(),
            "review mark(s) (STRIDE categories not applicable, dismissed suggestions) are not \
             in the file.",
        ),
    ]
    .into_iter()
    .flatten()
}

/// "The model's user story and scope are not in the file." for the named fields that are set;
/// `None` when none is.
pub(crate) fn fields_left_out(fields: &[(&str, bool)]) -> Option<String> {
    let set: Vec<&str> = fields.iter().filter(|f| f.1).map(|f| f.0).collect();
    let list = match set.as_slice() {
        [] => return None,
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let verb = if set.len() == 1 { "is" } else { "are" };
    Some(format!("The model's {list} {verb} not in the file."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_set() {
        assert_eq!(fields_left_out(&[("scope", false)]), None);
        assert_eq!(
            fields_left_out(&[("user story", true), ("scope", false), ("owner", true)]).as_deref(),
            Some("The model's user story and owner are not in the file.")
        );
        assert_eq!(
            fields_left_out(&[("a", true), ("b", true), ("c", true)]).as_deref(),
            Some("The model's a, b and c are not in the file.")
        );
    }
}
