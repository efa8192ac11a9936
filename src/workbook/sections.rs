//! What the workbook says, section by section, following the four questions.

use super::Options;
use super::writer::{Writer, col};
use crate::diagram::scene;
use crate::model::geometry::Membership;
use crate::model::{Model, Persona, Priority, Stride};
use crate::stride::{self, Insights, Library};

/// Empty rows in a blank workbook's tables.
const BLANK_ROWS: usize = 8;

fn blank(n: usize, cols: usize) -> Vec<Vec<String>> {
    vec![vec![String::new(); cols]; n]
}

fn or_blank(options: Options, rows: Vec<Vec<String>>, cols: usize) -> Vec<Vec<String>> {
    if options.blank {
        blank(BLANK_ROWS, cols)
    } else if rows.is_empty() {
        vec![
            vec!["(none recorded)".to_owned()]
                .into_iter()
                .chain(std::iter::repeat_n(String::new(), cols.saturating_sub(1)))
                .collect(),
        ]
    } else {
        rows
    }
}

use super::tables::{self, Targets, by_priority};

fn priority_letter(p: Option<Priority>) -> String {
    p.map_or("-".to_owned(), |p| p.letter().to_string())
}

pub fn write(model: &Model, options: Options) -> (Vec<u8>, Vec<String>) {
    let title = if model.info.title.trim().is_empty() {
        "Threat model".to_owned()
    } else {
        model.info.title.clone()
    };
    let mut w = Writer::new(&title, options.paper);
    cover(&mut w, model, options, &title);
    w.reserve_contents_page();
    let analysis = stride::analyse(model, Library::builtin());
    working_on(&mut w, model, options);
    what_can_go_wrong(&mut w, model, options, &analysis);
    what_we_do(&mut w, model, options);
    good_job(&mut w, model, options, &analysis);
    if !options.blank {
        super::mapping::appendix(&mut w, model);
    }
    // Not needed to write the file out, which for a large model is the peak of memory.
    drop(analysis);
    let left_out = w.left_out();
    (w.finish(), left_out)
}

fn cover(w: &mut Writer, model: &Model, options: Options, title: &str) {
    w.new_page(false);
    w.plain_page();
    w.space(120.0);
    w.note("Threat model workbook");
    w.title(title, 26.0);
    let i = &model.info;
    let field = |label: &str, value: &str| {
        if options.blank || value.trim().is_empty() {
            format!("{label}: ____________________________")
        } else {
            format!("{label}: {value}")
        }
    };
    w.space(10.0);
    for line in [
        field("Owner", &i.owner),
        field("Reviewers", &i.reviewers.join(", ")),
        field("Date", &i.date),
        field("Version", &i.version),
    ] {
        w.paragraph(&line);
    }
    w.space(20.0);
    w.heading(2, "Assemble the right team");
    let rows: Vec<Vec<String>> = Persona::ALL
        .iter()
        .map(|p| {
            let members: Vec<String> = if options.blank {
                Vec::new()
            } else {
                model
                    .team
                    .iter()
                    .filter(|m| m.persona == *p)
                    .map(|m| {
                        if m.contact.is_empty() {
                            m.name.clone()
                        } else {
                            format!("{} ({})", m.name, m.contact)
                        }
                    })
                    .collect()
            };
            vec![
                p.label().to_owned(),
                p.criteria().to_owned(),
                members.join("; "),
            ]
        })
        .collect();
    w.table(
        &[
            col("Threat modeling persona", 1.0),
            col("Criteria", 2.0),
            col("Invitee contact info", 2.2),
        ],
        &rows,
    );
}

fn working_on(w: &mut Writer, model: &Model, options: Options) {
    w.heading(1, "1. What are we working on?");
    let i = &model.info;
    for (label, text) in [
        ("System description", &i.description),
        ("Architecture", &i.architecture),
        ("User story", &i.user_story),
        ("Scope", &i.scope),
    ] {
        // The worksheet has no architecture box: it is printed only when there is one.
        if label == "Architecture" && (options.blank || text.trim().is_empty()) {
            continue;
        }
        w.heading(3, label);
        if options.blank || text.trim().is_empty() {
            w.note("(to be written)");
            w.space(if options.blank { 60.0 } else { 0.0 });
        } else {
            w.paragraph(text);
        }
    }
    for d in &model.diagrams {
        if options.blank {
            w.new_page(true);
            w.heading(2, &tables::diagram_caption(&d.name));
            w.note("Draw the external actors, processes, data stores, data flows and trust boundaries here.");
            w.new_page(false);
            continue;
        }
        let scene = scene::draw(model, d);
        w.drawing(&scene, &tables::diagram_caption(&d.name));
        let m = Membership::compute(d);
        w.heading(3, &tables::of_diagram("Elements", &d.name));
        let rows = tables::elements(d, &m);
        w.table(
            &[
                col("ID", 0.5),
                col("Name", 1.6),
                col("Type", 1.0),
                col("Technology", 1.3),
                col("Trust zone", 1.3),
                col("Scope", 1.3),
            ],
            &or_blank(options, rows, 6),
        );
        w.heading(3, &tables::of_diagram("Data flows", &d.name));
        let rows = tables::flows(d, &m);
        w.table(
            &[
                col("ID", 0.5),
                col("From", 1.1),
                col("To", 1.1),
                col("Data", 1.5),
                col("Protocol", 1.1),
                col("Enc.", 0.45),
                col("Auth.", 0.5),
                col("Boundaries crossed", 1.5),
            ],
            &or_blank(options, rows, 8),
        );
        w.heading(3, &tables::of_diagram("Trust boundaries", &d.name));
        let rows: Vec<Vec<String>> = d
            .boundaries
            .iter()
            .map(|b| {
                vec![
                    tables::reference(&b.id.0),
                    b.name.clone(),
                    m.parent_of(d, &b.id)
                        .map_or("-".to_owned(), |p| tables::reference(&p.name)),
                    m.members(d, &b.id)
                        .iter()
                        .map(|e| tables::reference(&e.name))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect();
        w.table(
            &[
                col("ID", 0.5),
                col("Boundary", 1.4),
                col("Inside", 1.4),
                col("Members", 3.0),
            ],
            &or_blank(options, rows, 4),
        );
    }
    w.heading(2, "Assumptions");
    let rows: Vec<Vec<String>> = model
        .assumptions
        .iter()
        .map(|a| {
            vec![
                tables::reference(&a.id.0),
                a.tag.clone(),
                a.text.clone(),
                a.links
                    .iter()
                    .map(|l| l.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    w.table(
        &[
            col("ID", 0.5),
            col("Tag", 0.6),
            col("Assumption", 4.0),
            col("Linked", 1.0),
        ],
        &or_blank(options, rows, 4),
    );
}

fn what_can_go_wrong(w: &mut Writer, model: &Model, options: Options, analysis: &stride::Analysis) {
    let targets = Targets::of(model);
    w.heading(1, "2. What can go wrong?");
    w.heading(2, "STRIDE per element");
    w.note("Number of threats recorded; n/a: judged not applicable; ?: not reviewed yet; blank: the category does not apply to this kind of element.");
    let rows = tables::stride_matrix(analysis, options.blank);
    let letters: Vec<String> = Stride::ALL.iter().map(|s| s.letter().to_string()).collect();
    let mut cols = vec![col("Element or data flow", 3.0)];
    cols.extend(letters.iter().map(|l| col(l, 0.45)));
    w.table(&cols, &rows);

    w.heading(2, "Threats by STRIDE category");
    for s in Stride::ALL {
        w.heading(3, &format!("{} {}", s.letter(), s.label()));
        let rows: Vec<Vec<String>> = model
            .threats
            .iter()
            .filter(|t| t.stride.contains(&s))
            .map(|t| {
                vec![
                    tables::reference(&t.id.0),
                    tables::titled_statement(t),
                    targets.name(t),
                    t.stride_letters(),
                ]
            })
            .collect();
        w.table(
            &[
                col("Threat ID", 0.75),
                col("Threat statement", 4.0),
                col("Element", 1.3),
                col("STRIDE", 0.8),
            ],
            &or_blank(options, rows, 4),
        );
    }
    let untagged: Vec<Vec<String>> = model
        .threats
        .iter()
        .filter(|t| t.stride.is_empty())
        .map(|t| {
            vec![
                tables::reference(&t.id.0),
                tables::titled_statement(t),
                targets.name(t),
                "-".to_owned(),
            ]
        })
        .collect();
    if !untagged.is_empty() && !options.blank {
        w.heading(3, "Without a STRIDE category");
        w.table(
            &[
                col("Threat ID", 0.75),
                col("Threat statement", 4.0),
                col("Element", 1.3),
                col("STRIDE", 0.8),
            ],
            &untagged,
        );
    }
    w.heading(2, "Prioritised threats");
    let sorted = by_priority(model);
    let mitigations = model.mitigations_by_id();
    let bands = &model.info.risk;
    let rows: Vec<Vec<String>> = sorted
        .iter()
        .map(|t| {
            let risk = crate::model::Risk::with(t, |id| mitigations.get(id).copied()).map_or(
                "-".to_owned(),
                |r| {
                    format!(
                        "{} {}",
                        r.inherent.score(),
                        bands.band(r.inherent.score()).label()
                    )
                },
            );
            vec![
                priority_letter(t.priority),
                tables::reference(&t.id.0),
                tables::titled_statement(t),
                targets.name(t),
                t.stride_letters(),
                risk,
            ]
        })
        .collect();
    w.table(
        &[
            col("Priority", 0.8),
            col("Threat ID", 0.75),
            col("Threat statement", 4.0),
            col("Element", 1.2),
            col("STRIDE", 0.6),
            col("Risk", 0.8),
        ],
        &or_blank(options, rows, 6),
    );
}

fn what_we_do(w: &mut Writer, model: &Model, options: Options) {
    let mitigations = model.mitigations_by_id();
    w.heading(1, "3. What are we going to do about it?");
    w.heading(2, "Risk responses");
    let sorted = by_priority(model);
    let rows: Vec<Vec<String>> = sorted
        .iter()
        .map(|t| {
            vec![
                priority_letter(t.priority),
                tables::reference(&t.id.0),
                tables::titled_statement(t),
                t.response.map_or("-".to_owned(), |r| r.label().to_owned()),
                t.mitigations
                    .iter()
                    .filter_map(|id| mitigations.get(id))
                    .map(|m| format!("{} {}", m.id, m.title))
                    .collect::<Vec<_>>()
                    .join("; "),
                t.justification.clone(),
            ]
        })
        .collect();
    w.table(
        &[
            col("Pri.", 0.45),
            col("Threat", 0.75),
            col("Statement", 3.0),
            col("Response", 1.05),
            col("Mitigations", 1.7),
            col("Justification", 1.5),
        ],
        &or_blank(options, rows, 6),
    );
    w.heading(2, "Mitigations");
    let rows = tables::mitigations(model);
    w.table(
        &[
            col("ID", 0.5),
            col("Mitigation", 4.0),
            col("Status", 0.9),
            col("Addresses", 1.1),
        ],
        &or_blank(options, rows, 4),
    );
}

fn good_job(w: &mut Writer, model: &Model, options: Options, analysis: &stride::Analysis) {
    w.heading(1, "4. Did we do a good job?");
    w.heading(2, "Insights");
    let i = Insights::of(model, analysis);
    let list = |ids: &[crate::model::Id]| {
        if ids.is_empty() {
            "none".to_owned()
        } else {
            ids.iter()
                .map(|x| x.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let rows = if options.blank {
        blank(5, 2)
    } else {
        vec![
            vec![
                "(Element or flow, STRIDE category) pairs reviewed".to_owned(),
                format!(
                    "{} of {} ({:.0}%)",
                    i.pairs_reviewed,
                    i.pairs,
                    i.reviewed_share * 100.0
                ),
            ],
            vec![
                "Open threats".to_owned(),
                format!("{} of {}", i.open_threats, i.threats),
            ],
            vec![
                "Threats without a priority".to_owned(),
                list(&i.without_priority),
            ],
            vec![
                "Threats without a risk response".to_owned(),
                list(&i.without_response),
            ],
            vec![
                "Threats not rated (likelihood x impact)".to_owned(),
                list(&i.not_rated),
            ],
            vec![
                "Mitigate, but no mitigation linked".to_owned(),
                list(&i.mitigate_without_mitigation),
            ],
            vec![
                "Not written in the threat grammar".to_owned(),
                list(&i.not_using_grammar),
            ],
        ]
    };
    w.table(&[col("Question", 2.0), col("Answer", 3.0)], &rows);
    if !options.blank {
        w.heading(3, "Threats per STRIDE category");
        let bars: Vec<(String, usize)> = Stride::ALL
            .iter()
            .map(|s| {
                (
                    s.label().to_owned(),
                    i.stride.get(s.label()).copied().unwrap_or(0),
                )
            })
            .collect();
        w.bars(&bars);
    }
    w.heading(2, "Risk matrix");
    if !options.blank && i.risk.is_empty() {
        w.note("No threat is rated yet (likelihood x impact).");
    } else {
        w.risk_matrices(&i.risk, &model.info.risk, options.blank);
        let s = &model.info.risk;
        w.note(&format!(
            "Risk = likelihood x impact (1-5 each). Low below {}, Medium {}-{}, High {}-{}, \
             Critical {} and above. Residual risk lowers the likelihood by each resolved \
             mitigation's effectiveness (partial one level, strong two).",
            s.medium_from,
            s.medium_from,
            s.high_from - 1,
            s.high_from,
            s.critical_from - 1,
            s.critical_from
        ));
    }
    w.heading(2, "Retrospective");
    let rows: Vec<Vec<String>> = model
        .retrospective
        .iter()
        .map(|r| vec![r.question.clone(), r.answer.clone(), r.follow_up.clone()])
        .collect();
    w.table(
        &[
            col("Question", 2.0),
            col("Answer", 2.6),
            col("Follow-up action", 1.8),
        ],
        &or_blank(options, rows, 3),
    );
}
