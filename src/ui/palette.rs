//! The palette: the DFD shapes and AWS presets. Drag an item onto the canvas, or click it to
//! add it in the middle of the view.

use crate::model::{ElementKind, ElementProps};
use egui::{DragAndDrop, Sense, Ui};

#[derive(Clone, Copy)]
pub struct PaletteItem {
    /// The element kind, or `None` for a trust boundary.
    pub kind: Option<ElementKind>,
    pub name: &'static str,
    pub technology: &'static str,
    /// Properties the preset sets (e.g. a log group holds logs).
    pub props: fn(&mut ElementProps),
}

fn none(_: &mut ElementProps) {}

const fn item(kind: ElementKind, name: &'static str, technology: &'static str) -> PaletteItem {
    PaletteItem {
        kind: Some(kind),
        name,
        technology,
        props: none,
    }
}

pub const SHAPES: &[PaletteItem] = &[
    item(ElementKind::Actor, "External actor", ""),
    item(ElementKind::Process, "Process", ""),
    item(ElementKind::Store, "Data store", ""),
    PaletteItem {
        kind: None,
        name: "Trust boundary",
        technology: "",
        props: none,
    },
];

pub const AWS: &[PaletteItem] = &[
    item(ElementKind::Process, "API Gateway", "Amazon API Gateway"),
    item(ElementKind::Process, "Lambda function", "AWS Lambda"),
    item(ElementKind::Store, "DynamoDB table", "Amazon DynamoDB"),
    PaletteItem {
        props: |p| p.encrypted_at_rest = true,
        ..item(ElementKind::Store, "S3 bucket", "Amazon S3")
    },
    item(ElementKind::Store, "SQS queue", "Amazon SQS"),
    item(
        ElementKind::Store,
        "Kinesis data stream",
        "Amazon Kinesis Data Streams",
    ),
    item(ElementKind::Process, "EKS service", "Amazon EKS"),
    item(ElementKind::Process, "Athena", "Amazon Athena"),
    item(
        ElementKind::Store,
        "RDS MySQL database",
        "Amazon RDS for MySQL",
    ),
    PaletteItem {
        props: |p| {
            p.authenticates_users = true;
            p.stores_credentials = true;
        },
        ..item(ElementKind::Process, "Cognito user pool", "Amazon Cognito")
    },
    item(ElementKind::Process, "IoT Core", "AWS IoT Core"),
    PaletteItem {
        props: |p| p.web_application = true,
        ..item(ElementKind::Process, "Amplify Hosting", "AWS Amplify")
    },
    PaletteItem {
        props: |p| p.holds_logs = true,
        ..item(
            ElementKind::Store,
            "CloudWatch Logs",
            "Amazon CloudWatch Logs",
        )
    },
    item(ElementKind::Process, "SNS topic", "Amazon SNS"),
    item(ElementKind::Process, "Step Functions", "AWS Step Functions"),
    item(ElementKind::Process, "CloudFront", "Amazon CloudFront"),
    PaletteItem {
        props: |p| p.human = true,
        ..item(ElementKind::Actor, "User", "")
    },
    item(ElementKind::Actor, "Web browser", "Web browser"),
    item(ElementKind::Actor, "Mobile app", "Mobile app"),
];

/// Shows the palette; returns the item clicked (to add at the centre of the view).
pub fn show(ui: &mut Ui) -> Option<PaletteItem> {
    let mut clicked = None;
    ui.heading("Shapes");
    for item in SHAPES {
        clicked = clicked.or(entry(ui, item));
    }
    ui.add_space(8.0);
    ui.heading("AWS");
    egui::ScrollArea::vertical().show(ui, |ui| {
        for item in AWS {
            clicked = clicked.or(entry(ui, item));
        }
    });
    if let Some(item) = DragAndDrop::payload::<PaletteItem>(ui.ctx()) {
        // Follow the pointer with the item's name while it is dragged.
        if let Some(pos) = ui.input(|i| i.pointer.hover_pos()) {
            egui::Area::new(ui.scope_id().with("palette-drag"))
                .fixed_pos(pos + egui::vec2(12.0, 12.0))
                .order(egui::Order::Tooltip)
                .interactable(false)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| ui.label(item.name));
                });
        }
    }
    clicked
}

fn entry(ui: &mut Ui, item: &PaletteItem) -> Option<PaletteItem> {
    let size = egui::vec2(ui.available_width(), 24.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, item.name));
    let response = response.on_hover_text(if item.technology.is_empty() {
        "Drag onto the canvas, or click to add".to_owned()
    } else {
        format!(
            "{} - drag onto the canvas, or click to add",
            item.technology
        )
    });
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        let painter = ui.painter();
        painter.rect(
            rect,
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
        icon(
            painter,
            item.kind,
            egui::Rect::from_center_size(
                rect.left_center() + egui::vec2(16.0, 0.0),
                egui::vec2(18.0, 12.0),
            ),
            visuals.fg_stroke,
        );
        painter.text(
            rect.left_center() + egui::vec2(32.0, 0.0),
            egui::Align2::LEFT_CENTER,
            item.name,
            egui::TextStyle::Button.resolve(ui.style()),
            visuals.text_color(),
        );
    }
    if response.drag_started() {
        DragAndDrop::set_payload(ui.ctx(), *item);
    }
    response.clicked().then_some(*item)
}

/// A small drawing of the shape the item adds, in DFD notation.
fn icon(painter: &egui::Painter, kind: Option<ElementKind>, r: egui::Rect, stroke: egui::Stroke) {
    match kind {
        Some(ElementKind::Actor) => {
            painter.rect_stroke(r, 0.0, stroke, egui::StrokeKind::Inside);
        }
        Some(ElementKind::Process) => {
            painter.add(egui::Shape::ellipse_stroke(
                r.center(),
                r.size() / 2.0,
                stroke,
            ));
        }
        Some(ElementKind::Store) => {
            painter.line_segment([r.left_top(), r.right_top()], stroke);
            painter.line_segment([r.left_bottom(), r.right_bottom()], stroke);
        }
        None => {
            let red = egui::Stroke::new(stroke.width, egui::Color32::from_rgb(210, 60, 50));
            let pts = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            painter.extend(egui::Shape::dashed_line(&pts, red, 3.0, 2.0));
        }
    }
}
