//! Input pacing: keystrokes are never lost to a click that arrives in the same frame.
//!
//! egui hands a frame every event since the last one. When a person types and clicks another
//! field within one frame (30–90 ms on a slow machine), the click moves the keyboard focus
//! while the frame is drawn, and the field drawn after the click never sees the last
//! characters. Holding back a pointer press that follows typed text to the next frame lets
//! the text land in the field that had the focus when it was typed.

use egui::Event;

/// Splits `events` before the first pointer press that follows text or a key press; the rest
/// is held in `held` for the next frame (prepended then). Returns whether anything is held, so
/// the caller asks for that next frame.
pub(super) fn pace(held: &mut Vec<Event>, events: &mut Vec<Event>) -> bool {
    if !held.is_empty() {
        let newer = std::mem::take(events);
        *events = std::mem::take(held);
        events.extend(newer);
    }
    let mut typed = false;
    let mut split = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Text(_) | Event::Paste(_) | Event::Key { pressed: true, .. } => typed = true,
            Event::PointerButton { pressed: true, .. } if typed => {
                split = Some(i);
                break;
            }
            _ => {}
        }
    }
    if let Some(at) = split {
        *held = events.split_off(at);
    }
    !held.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Key, Modifiers, PointerButton, pos2};

    fn press(pressed: bool) -> Event {
        Event::PointerButton {
            pos: pos2(10.0, 10.0),
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        }
    }

    #[test]
    fn a_click_right_after_typing_waits_one_frame() {
        let mut held = Vec::new();
        let mut frame = vec![Event::Text("n".into()), press(true), press(false)];
        assert!(pace(&mut held, &mut frame));
        assert_eq!(frame, vec![Event::Text("n".into())]);
        let mut next = vec![Event::Text("x".into())];
        assert!(!pace(&mut held, &mut next));
        assert_eq!(
            next,
            vec![press(true), press(false), Event::Text("x".into())]
        );
    }

    #[test]
    fn clicks_without_typing_and_typing_without_clicks_pass_through() {
        let mut held = Vec::new();
        let mut frame = vec![press(true), press(false), Event::Text("a".into())];
        assert!(!pace(&mut held, &mut frame));
        assert_eq!(frame.len(), 3);
        let key = Event::Key {
            key: Key::A,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        };
        let mut frame = vec![key.clone(), Event::Text("a".into())];
        assert!(!pace(&mut held, &mut frame));
        assert_eq!(frame, vec![key, Event::Text("a".into())]);
    }
}
