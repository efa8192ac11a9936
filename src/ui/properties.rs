//! The properties panel: what the selected shape is and says, or the model's own information
//! when nothing is selected. Every change is an undoable edit; typing in one field is one step.

use super::canvas::Canvas;
use super::document::Document;
use super::text::ListDrafts;
use crate::model::geometry::Membership;
use crate::model::{
    Boundary, Edit, Element, ElementKind, ElementProps, Flow, Id, ModelInfo, Privilege, ops,
};
use egui::{ComboBox, TextEdit, Ui};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

#[derive(Default)]
pub struct PropertiesPanel {
    /// Boundary membership of the shown diagram, recomputed only when the model changes.
    membership: Option<(u64, Id, Rc<Membership>)>,
    /// List fields (reviewers) as typed.
    lists: ListDrafts,
}

/// Collects what the widgets of one frame did.
#[derive(Default)]
struct Changes {
    /// The text field typed in, so consecutive keystrokes merge into one undo step.
    typed: Option<&'static str>,
    lost_focus: bool,
}

impl Changes {
    fn text(
        &mut self,
        ui: &mut Ui,
        label: &str,
        value: &mut String,
        key: &'static str,
        multiline: bool,
    ) {
        let label = ui.label(label);
        let edit = if multiline {
            TextEdit::multiline(value).desired_rows(3)
        } else {
            TextEdit::singleline(value)
        };
        let r = ui
            .add(edit.desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if r.changed() {
            self.typed = Some(key);
        }
        self.lost_focus |= r.lost_focus();
    }
}

fn merge_key(id: &str, field: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (id, field).hash(&mut h);
    h.finish()
}

fn commit(doc: &mut Document, edit: Option<Edit>, changes: &Changes, id: &str) {
    if let Some(edit) = edit.filter(|e| !e.is_noop()) {
        match changes.typed {
            Some(field) => doc.apply_merging(edit, merge_key(id, field)),
            None => doc.apply(edit),
        }
    }
    if changes.lost_focus {
        doc.history.seal();
    }
}

impl PropertiesPanel {
    pub fn show(&mut self, ui: &mut Ui, doc: &mut Document, canvas: &mut Canvas) {
        let Some(di) = doc
            .model
            .diagrams
            .iter()
            .position(|d| d.id == canvas.diagram)
        else {
            self.model_info(ui, doc);
            return;
        };
        let m = match &self.membership {
            Some((rev, id, m)) if *rev == doc.settled_revision && *id == canvas.diagram => {
                m.clone()
            }
            _ => {
                let m = Rc::new(Membership::compute(&doc.model.diagrams[di]));
                self.membership = Some((doc.settled_revision, canvas.diagram.clone(), m.clone()));
                m
            }
        };
        let selected: Vec<Id> = canvas.selection.iter().cloned().collect();
        egui::ScrollArea::vertical().show(ui, |ui| match selected.as_slice() {
            [] => {
                self.model_info(ui, doc);
                ui.separator();
                self.diagram_info(ui, doc, di);
            }
            [one] => {
                let d = &doc.model.diagrams[di];
                if let Some(e) = d.element(one).cloned() {
                    self.element(ui, doc, di, &m, e);
                } else if let Some(f) = d.flow(one).cloned() {
                    self.flow(ui, doc, di, &m, f);
                } else if let Some(b) = d.boundary(one).cloned() {
                    self.boundary(ui, doc, di, &m, b);
                }
            }
            many => {
                ui.heading(format!("{} items selected", many.len()));
                ui.label("Drag to move them together; Delete removes them with their flows.");
            }
        });
    }

    fn model_info(&mut self, ui: &mut Ui, doc: &mut Document) {
        ui.heading("Threat model");
        let before = doc.model.info.clone();
        let mut info = before.clone();
        let mut ch = Changes::default();
        ch.text(ui, "Title", &mut info.title, "title", false);
        ch.text(ui, "Owner", &mut info.owner, "owner", false);
        let l = ui.label("Reviewers (comma separated)");
        let (r, changed) = self.lists.field(
            ui,
            "model-reviewers",
            &mut info.reviewers,
            "Mei Lin, Ana Silva",
            f32::INFINITY,
        );
        let r = r.labelled_by(l.id);
        if changed {
            ch.typed = Some("reviewers");
        }
        ch.lost_focus |= r.lost_focus();
        ui.horizontal(|ui| {
            ui.vertical(|ui| ch.text(ui, "Date", &mut info.date, "date", false));
        });
        ch.text(ui, "Version", &mut info.version, "version", false);
        ch.text(
            ui,
            "System description",
            &mut info.description,
            "description",
            true,
        );
        ch.text(
            ui,
            "Architecture",
            &mut info.architecture,
            "architecture",
            true,
        );
        ch.text(ui, "User story", &mut info.user_story, "user_story", true);
        ch.text(ui, "Scope", &mut info.scope, "scope", true);
        let edit =
            (info != before).then(|| Edit::Info(Box::<ModelInfo>::new(before), Box::new(info)));
        commit(doc, edit, &ch, "model-info");
        ui.add_space(6.0);
        if let Some(edit) = super::risk::settings_editor(ui, &doc.model) {
            doc.apply(edit);
        }
    }

    fn diagram_info(&mut self, ui: &mut Ui, doc: &mut Document, di: usize) {
        ui.heading("Diagram");
        let d = &doc.model.diagrams[di];
        let (mut name, mut description) = (d.name.clone(), d.description.clone());
        let mut ch = Changes::default();
        ch.text(ui, "Name", &mut name, "name", false);
        ch.text(ui, "Description", &mut description, "description", true);
        let id = d.id.clone();
        ui.label(format!(
            "{} elements, {} flows, {} trust boundaries",
            d.elements.len(),
            d.flows.len(),
            d.boundaries.len()
        ));
        let edit = ops::update_diagram(&doc.model, &id, |d| {
            d.name = name;
            d.description = description;
        });
        commit(doc, edit, &ch, id.as_str());
    }

    fn element(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        di: usize,
        m: &Membership,
        before: Element,
    ) {
        let mut e = before.clone();
        let mut ch = Changes::default();
        ui.heading(format!("{} {}", e.kind.label(), e.id));
        ch.text(ui, "Name", &mut e.name, "name", false);
        ui.horizontal(|ui| {
            let label = ui.label("Kind");
            let combo = ComboBox::from_id_salt("element-kind")
                .selected_text(e.kind.label())
                .show_ui(ui, |ui| {
                    for k in ElementKind::ALL {
                        ui.selectable_value(&mut e.kind, k, k.label());
                    }
                });
            let _ = combo.response.labelled_by(label.id);
        });
        ch.text(ui, "Technology", &mut e.technology, "technology", false);
        ch.text(ui, "Description", &mut e.description, "description", true);
        ui.checkbox(&mut e.out_of_scope, "Out of scope");
        if e.out_of_scope {
            ch.text(
                ui,
                "Why it is out of scope",
                &mut e.out_of_scope_reason,
                "reason",
                false,
            );
        }
        ui.separator();
        ui.label("Properties");
        let kind = e.kind;
        props(ui, &mut e.props, kind);
        ui.separator();
        let d = &doc.model.diagrams[di];
        let zones: Vec<&str> = m
            .boundaries_of(d, &e.id)
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        ui.label(if zones.is_empty() {
            "Outside every trust boundary".to_owned()
        } else {
            format!("Inside {}", zones.join(" / "))
        });
        other_fields(ui, &e.custom, "element-fields");
        let threats = doc.model.threats_on(&e.id).count();
        let open = doc
            .model
            .threats_on(&e.id)
            .filter(|t| t.status.is_open())
            .count();
        ui.label(format!("{threats} threats recorded, {open} open"));
        ui.weak(format!(
            "Position {:.0}, {:.0}; size {:.0} x {:.0}",
            e.pos.0, e.pos.1, e.size.0, e.size.1
        ));
        let diagram_id = d.id.clone();
        let id = e.id.clone();
        let edit = (e != before)
            .then(|| ops::update_element(&doc.model, &diagram_id, &id, |x| *x = e))
            .flatten();
        commit(doc, edit, &ch, id.as_str());
    }

    fn flow(&mut self, ui: &mut Ui, doc: &mut Document, di: usize, m: &Membership, before: Flow) {
        let mut f = before.clone();
        let mut ch = Changes::default();
        let d = &doc.model.diagrams[di];
        ui.heading(format!("Data flow {}", f.id));
        ch.text(ui, "Data carried (label)", &mut f.label, "label", false);
        for (label, end, salt) in [
            ("From", &mut f.from, "flow-from"),
            ("To", &mut f.to, "flow-to"),
        ] {
            ui.horizontal(|ui| {
                let label = ui.label(label);
                let current = d.element(end).map_or(end.0.clone(), |e| e.name.clone());
                let combo = ComboBox::from_id_salt(salt)
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for e in &d.elements {
                            ui.selectable_value(end, e.id.clone(), &e.name);
                        }
                    });
                let _ = combo.response.labelled_by(label.id);
            });
        }
        if f.from == f.to {
            f.from = before.from.clone();
            f.to = before.to.clone();
        }
        ch.text(ui, "Protocol", &mut f.protocol, "protocol", false);
        // Common protocols a click away; the field above still takes anything typed.
        let picker = ComboBox::from_id_salt("common-protocols")
            .selected_text("Pick a common protocol")
            .width(220.0)
            .show_ui(ui, |ui| {
                for p in COMMON_PROTOCOLS {
                    if ui.selectable_label(f.protocol == p, p).clicked() {
                        f.protocol = p.to_owned();
                    }
                }
            });
        picker.response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Common protocols")
        });
        ch.text(ui, "Description", &mut f.description, "description", true);
        ui.checkbox(&mut f.encrypted, "Encrypted in transit");
        ui.checkbox(&mut f.authenticated, "Authenticated");
        ui.checkbox(&mut f.public_network, "Crosses a public network");
        ui.checkbox(&mut f.bidirectional, "Bidirectional");
        ui.checkbox(&mut f.orthogonal, "Right-angled line")
            .on_hover_text("Draw this flow with horizontal and vertical segments only");
        ui.checkbox(&mut f.out_of_scope, "Out of scope");
        if f.out_of_scope {
            ch.text(
                ui,
                "Why it is out of scope",
                &mut f.out_of_scope_reason,
                "reason",
                false,
            );
        }
        ui.separator();
        let crossings: Vec<&str> = m
            .crossings(d, &before)
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        ui.label(if crossings.is_empty() {
            "Crosses no trust boundary".to_owned()
        } else {
            format!("Crosses {}", crossings.join(", then "))
        });
        other_fields(ui, &f.custom, "flow-fields");
        let diagram_id = d.id.clone();
        let id = f.id.clone();
        let edit = (f != before)
            .then(|| ops::update_flow(&doc.model, &diagram_id, &id, |x| *x = f))
            .flatten();
        commit(doc, edit, &ch, id.as_str());
    }

    fn boundary(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        di: usize,
        m: &Membership,
        before: Boundary,
    ) {
        let mut b = before.clone();
        let mut ch = Changes::default();
        let d = &doc.model.diagrams[di];
        ui.heading(format!("Trust boundary {}", b.id));
        ch.text(ui, "Name", &mut b.name, "name", false);
        ch.text(ui, "Description", &mut b.description, "description", true);
        ui.separator();
        if let Some(parent) = m.parent_of(d, &b.id) {
            ui.label(format!("Inside {}", parent.name));
        }
        let members: Vec<&str> = m
            .members(d, &b.id)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        ui.label(if members.is_empty() {
            "Holds no element".to_owned()
        } else {
            format!("Holds {}", members.join(", "))
        });
        let diagram_id = d.id.clone();
        let id = b.id.clone();
        let edit = (b != before)
            .then(|| ops::update_boundary(&doc.model, &diagram_id, &id, |x| *x = b))
            .flatten();
        commit(doc, edit, &ch, id.as_str());
    }
}

/// What most flows in a cloud system speak, offered under the protocol field.
const COMMON_PROTOCOLS: [&str; 14] = [
    "HTTPS",
    "HTTPS with mTLS",
    "HTTP (unencrypted)",
    "gRPC over TLS",
    "WebSocket over TLS",
    "MQTT over TLS",
    "AMQP over TLS",
    "SQL over TLS",
    "AWS SigV4 API (HTTPS)",
    "SSH",
    "SFTP",
    "SMTP with STARTTLS",
    "DNS",
    "Local user interface",
];

/// The properties that say something about an element of this kind: an actor is not "encrypted
/// at rest", a data store does not "authenticate users". One already set stays shown, so it
/// can be cleared.
/// Fields another tool's file gave that have no place of their own in Strider (`threagile:`,
/// `tmt:`, `tmbom:`…): shown, so the import report's "kept as custom fields" can be seen, and
/// written back by every save.
fn other_fields(ui: &mut Ui, custom: &std::collections::BTreeMap<String, String>, salt: &str) {
    if custom.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Other fields ({})", custom.len()))
        .id_salt(salt)
        .default_open(true)
        .show(ui, |ui| {
            // Each name above its value, so a long value has the panel's whole width.
            for (key, value) in custom {
                ui.weak(key.as_str());
                ui.indent(key.as_str(), |ui| {
                    ui.add(egui::Label::new(value.as_str()).wrap());
                });
            }
        });
}

fn props(ui: &mut Ui, p: &mut ElementProps, kind: ElementKind) {
    use ElementKind::{Actor, Process, Store};
    let rows: [(&mut bool, &str, &[ElementKind]); 11] = [
        (
            &mut p.stores_credentials,
            "Stores credentials",
            &[Process, Store],
        ),
        (
            &mut p.stores_sensitive_data,
            "Stores sensitive data",
            &[Process, Store],
        ),
        (&mut p.holds_logs, "Holds logs or audit data", &[Store]),
        (&mut p.encrypted_at_rest, "Encrypted at rest", &[Store]),
        (&mut p.backed_up, "Backed up", &[Store]),
        (&mut p.web_application, "Web application", &[Process]),
        (
            &mut p.authenticates_users,
            "Authenticates users",
            &[Process],
        ),
        (
            &mut p.authorizes_requests,
            "Authorizes requests",
            &[Process],
        ),
        (&mut p.validates_input, "Validates input", &[Process]),
        (
            &mut p.internet_facing,
            "Reachable from the internet",
            &[Actor, Process, Store],
        ),
        (&mut p.human, "A person", &[Actor]),
    ];
    for (value, label, kinds) in rows {
        if kinds.contains(&kind) || *value {
            ui.checkbox(value, label);
        }
    }
    ui.horizontal(|ui| {
        let privilege_label = ui.label("Privilege");
        let label = |p: Option<Privilege>| match p {
            None => "Not set",
            Some(Privilege::Limited) => "Limited",
            Some(Privilege::Standard) => "Standard",
            Some(Privilege::Elevated) => "Elevated",
            Some(Privilege::Root) => "Root / administrator",
        };
        let combo = ComboBox::from_id_salt("privilege")
            .selected_text(label(p.privilege))
            .show_ui(ui, |ui| {
                for v in [
                    None,
                    Some(Privilege::Limited),
                    Some(Privilege::Standard),
                    Some(Privilege::Elevated),
                    Some(Privilege::Root),
                ] {
                    ui.selectable_value(&mut p.privilege, v, label(v));
                }
            });
        let _ = combo.response.labelled_by(privilege_label.id);
    });
}
