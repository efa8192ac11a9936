//! Small models of our own, one per format Strider imports (tests/fixtures/, written by this team
//! from the format descriptions, about a made-up library lending system): they come in with the
//! exact counts and fields they hold, through the library and through `strider import`. Unlike the
//! interop corpus, they are part of the repository, so these tests run on a bare clone too.

use strider::io::{Foreign, open};
use strider::model::{
    ElementKind, MitigationStatus, Model, Priority, RiskResponse, Stride, ThreatStatus, validate,
};

/// Opens a fixture as the app and the command line do, and checks that it came in as `format`
/// and as a valid Strider model. Returns the model and the import report.
fn import(name: &str, format: Foreign) -> (Model, Vec<String>) {
    let opened = open(&crate::fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (got, report) = opened.imported.expect("a fixture is another tool's file");
    assert_eq!(got, format, "{name}");
    let problems = validate(&opened.model);
    assert!(problems.is_empty(), "{name}: {problems:?}");
    (opened.model, report)
}

/// [diagrams, actors, processes, stores, flows, boundaries, threats, mitigations, assumptions]
fn counts(m: &Model) -> [usize; 9] {
    let kind = |k: ElementKind| m.elements().filter(|(_, e)| e.kind == k).count();
    [
        m.diagrams.len(),
        kind(ElementKind::Actor),
        kind(ElementKind::Process),
        kind(ElementKind::Store),
        m.flows().count(),
        m.boundaries().count(),
        m.threats.len(),
        m.mitigations.len(),
        m.assumptions.len(),
    ]
}

fn threat<'m>(m: &'m Model, id: &str) -> &'m strider::model::Threat {
    m.threats
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no threat {id} in {:?}", m.threats))
}

/// The name of the element or flow a threat is on.
fn target_name(m: &Model, id: &str) -> String {
    let target = threat(m, id)
        .target
        .as_ref()
        .expect("the threat has a target");
    m.target(target)
        .expect("the target exists")
        .name()
        .to_owned()
}

#[test]
fn threat_dragon_v2_fixture() {
    let (m, report) = import("library-lending.td-v2.json", Foreign::ThreatDragonV2);
    assert_eq!(counts(&m), [1, 1, 1, 2, 3, 1, 3, 2, 0]);
    assert_eq!(m.info.title, "Library lending");
    assert_eq!(m.info.owner, "Branch systems team");
    assert_eq!(m.info.reviewers, ["Lin Okafor"]);
    let d = &m.diagrams[0];
    assert_eq!(d.name, "Lending");
    let names: Vec<&str> = d.elements.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["Member", "Loan service", "Catalogue DB", "Audit log"]
    );
    let by_name = |n: &str| d.elements.iter().find(|e| e.name == n).unwrap();
    assert!(by_name("Loan service").props.web_application);
    assert!(by_name("Catalogue DB").props.encrypted_at_rest);
    assert!(by_name("Audit log").props.holds_logs);
    let borrow = d
        .flows
        .iter()
        .find(|f| f.label == "Borrow request")
        .unwrap();
    assert_eq!(d.element(&borrow.from).unwrap().name, "Member");
    assert_eq!(d.element(&borrow.to).unwrap().name, "Loan service");
    assert_eq!(borrow.protocol, "HTTPS");
    assert!(borrow.encrypted && borrow.public_network);
    let record = d.flows.iter().find(|f| f.label == "Record loan").unwrap();
    assert_eq!(record.waypoints, [(480.0, 90.0)]);
    assert_eq!(d.boundaries[0].name, "Library network");
    // The box holds the loan service and both stores, not the member.
    let inside: Vec<&str> = d
        .elements
        .iter()
        .filter(|e| d.boundaries[0].rect().contains_point(e.rect().center()))
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(inside, ["Loan service", "Catalogue DB", "Audit log"]);

    // Threat numbers become ids; category, status and severity map onto Strider's.
    let t1 = threat(&m, "T01");
    assert_eq!(t1.title, "Borrowing on someone else's card");
    assert_eq!(t1.stride, [Stride::Spoofing]);
    assert_eq!((t1.status, t1.response), (ThreatStatus::Identified, None));
    assert_eq!(t1.priority, Some(Priority::High));
    assert_eq!(target_name(&m, "T01"), "Loan service");
    let t2 = threat(&m, "T02");
    assert_eq!(t2.stride, [Stride::Tampering]);
    assert_eq!(
        (t2.status, t2.response),
        (ThreatStatus::Resolved, Some(RiskResponse::Mitigate))
    );
    assert_eq!(target_name(&m, "T02"), "Catalogue DB");
    let t3 = threat(&m, "T03");
    assert_eq!(t3.stride, [Stride::InformationDisclosure]);
    assert_eq!(t3.status, ThreatStatus::NotUseful);
    assert_eq!(t3.priority, Some(Priority::Low));
    assert_eq!(target_name(&m, "T03"), "Borrow request");
    assert!(
        t3.mitigations.is_empty(),
        "an empty mitigation text is none"
    );
    // Mitigation texts become mitigations, resolved when the threat is mitigated.
    let mitigation = |id: &str| {
        let t = threat(&m, id);
        let ms: Vec<_> = m.mitigations_of(t).collect();
        assert_eq!(ms.len(), 1, "{id}");
        (ms[0].title.clone(), ms[0].status)
    };
    assert_eq!(
        mitigation("T01"),
        (
            "Ask for the member's PIN with the card.".to_owned(),
            MitigationStatus::Identified
        )
    );
    assert_eq!(
        mitigation("T02"),
        (
            "Only the loan service account may write loans.".to_owned(),
            MitigationStatus::Resolved
        )
    );
    assert!(
        report.iter().any(|l| l.contains("Contributors Ada Reader")),
        "{report:?}"
    );
}

#[test]
fn threat_dragon_v1_fixture() {
    let (m, report) = import("library-lending.td-v1.json", Foreign::ThreatDragonV1);
    assert_eq!(counts(&m), [1, 1, 1, 1, 3, 1, 3, 2, 0]);
    assert_eq!(m.info.title, "Library lending (desk)");
    let d = &m.diagrams[0];
    assert_eq!(d.name, "Circulation desk");
    let by_name = |n: &str| d.elements.iter().find(|e| e.name == n).unwrap();
    // v1 keeps the properties on the cell itself, and the label in `attrs.text`.
    assert_eq!(by_name("Librarian").kind, ElementKind::Actor);
    assert!(by_name("Librarian").props.authenticates_users);
    assert_eq!(
        by_name("Desk app").props.privilege,
        Some(strider::model::Privilege::Standard)
    );
    assert!(by_name("Member records").props.stores_credentials);
    // v1 flow labels sit in `labels[].attrs.text.text`; ends are `{id}`.
    let lookup = d
        .flows
        .iter()
        .find(|f| f.label == "Look up member")
        .unwrap();
    assert_eq!(d.element(&lookup.from).unwrap().name, "Desk app");
    assert_eq!(d.element(&lookup.to).unwrap().name, "Member records");
    assert_eq!(lookup.protocol, "LDAP");
    assert!(lookup.encrypted);
    let slip = d.flows.iter().find(|f| f.label == "Due-date slip").unwrap();
    assert_eq!(d.element(&slip.to).unwrap().name, "Librarian");
    // The boundary line (v1 has no boxes) fences off the member records.
    let b = &d.boundaries[0];
    let inside: Vec<&str> = d
        .elements
        .iter()
        .filter(|e| b.rect().contains_point(e.rect().center()))
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(inside, ["Member records"]);
    assert!(
        report
            .iter()
            .any(|l| l.contains("trust-boundary line") && l.contains("(1 element(s))")),
        "{report:?}"
    );

    // Threats without numbers are numbered in file order.
    let t1 = threat(&m, "T01");
    assert_eq!(t1.stride, [Stride::Repudiation]);
    assert_eq!(
        (t1.status, t1.response),
        (ThreatStatus::Resolved, Some(RiskResponse::Mitigate))
    );
    assert_eq!(target_name(&m, "T01"), "Desk app");
    let t2 = threat(&m, "T02");
    assert_eq!(t2.title, "Member addresses leak from a lost backup");
    assert_eq!(t2.stride, [Stride::InformationDisclosure]);
    assert_eq!(t2.status, ThreatStatus::Identified);
    assert_eq!(t2.priority, Some(Priority::High));
    let t3 = threat(&m, "T03");
    assert_eq!(t3.stride, [Stride::DenialOfService]);
    assert_eq!(
        t3.status,
        ThreatStatus::NotUseful,
        "v1's \"Not Applicable\""
    );
    assert_eq!(target_name(&m, "T03"), "Look up member");
}

#[test]
fn threat_composer_fixture() {
    let (m, report) = import("library-lending.tc.json", Foreign::ThreatComposer);
    // No diagram in a workspace: an empty one is made.
    assert_eq!(counts(&m), [1, 0, 0, 0, 0, 0, 3, 3, 2]);
    assert_eq!(m.info.title, "Library lending");
    assert!(m.info.architecture.starts_with("A web front end"));
    assert!(m.diagrams[0].description.starts_with("Renewals go"));

    let t1 = threat(&m, "T01");
    assert_eq!(t1.source, "external threat actor");
    assert_eq!(t1.action, "renew or reserve books in that member's name");
    assert_eq!(t1.stride, [Stride::Spoofing]);
    assert_eq!(t1.priority, Some(Priority::High));
    assert_eq!(t1.status, ThreatStatus::Resolved);
    assert_eq!(t1.mitigations, ["M1", "M2"]);
    assert!(t1.target.is_none());
    assert!(t1.comments.contains("Tags: Online"), "{}", t1.comments);
    // The sentence follows from the grammar parts, so none is kept apart as a description.
    assert_eq!(
        t1.statement(),
        "An external threat actor who knows a member's card number can renew or reserve books \
         in that member's name, which leads to fines charged to the wrong member, resulting in \
         reduced integrity of loan records."
    );
    assert!(t1.description.is_empty());
    let t2 = threat(&m, "T02");
    assert_eq!(t2.stride, [Stride::Tampering, Stride::Repudiation]);
    assert_eq!(t2.status, ThreatStatus::Identified);
    assert_eq!(t2.mitigations, ["M3"]);
    let t3 = threat(&m, "T03");
    assert_eq!(t3.stride, [Stride::DenialOfService]);
    assert_eq!(t3.status, ThreatStatus::NotUseful);
    assert_eq!(t3.priority, Some(Priority::Low));
    assert!(t3.mitigations.is_empty());

    let statuses: Vec<(&str, MitigationStatus)> = m
        .mitigations
        .iter()
        .map(|x| (x.id.0.as_str(), x.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("M1", MitigationStatus::Resolved),
            ("M2", MitigationStatus::InProgress),
            ("M3", MitigationStatus::Identified)
        ]
    );
    assert_eq!(
        m.mitigations[0].title,
        "Ask for the card PIN before a renewal"
    );

    let a1 = &m.assumptions[0];
    assert_eq!(a1.id, "A1");
    assert_eq!(a1.tag, "Process");
    assert!(a1.text.starts_with("Library cards are issued in person"));
    assert!(
        a1.text
            .contains("Comments: Checked with the branch manager.")
    );
    // Assumption links: to a threat, and to a mitigation.
    assert_eq!(a1.links, ["T01"]);
    assert_eq!(m.assumptions[1].links, ["M3"]);
    // The fourth mitigation link points at a threat the file no longer has.
    assert!(
        report.iter().any(|l| l.starts_with("1 link(s) point at")),
        "{report:?}"
    );
}

#[test]
fn tmt_fixture() {
    let (m, report) = import("library-lending.tm7", Foreign::Tmt);
    // Boundaries: the box and the line (made a box around the zone it fences off).
    assert_eq!(counts(&m), [1, 1, 1, 1, 3, 2, 4, 1, 1]);
    assert_eq!(m.info.title, "Library lending (TMT)");
    assert_eq!(m.info.owner, "Branch systems team");
    assert_eq!(
        m.info.scope,
        "External dependencies: Council single sign-on"
    );
    assert_eq!(
        m.assumptions[0].text,
        "Staff laptops are managed by the council IT team."
    );
    let d = &m.diagrams[0];
    assert_eq!(d.name, "Catalogue search");
    // The annotation is text, not an actor.
    assert_eq!(d.description, "Drawn for the lending review.");
    let by_name = |n: &str| d.elements.iter().find(|e| e.name == n).unwrap();
    let browser = by_name("Member's browser");
    assert_eq!(browser.kind, ElementKind::Actor);
    assert_eq!(browser.technology, "Browser");
    assert!(browser.props.human);
    assert_eq!(by_name("Catalogue web app").kind, ElementKind::Process);
    assert_eq!(by_name("Catalogue web app").technology, "Web Application");
    let db = by_name("Loans database");
    assert_eq!(db.kind, ElementKind::Store);
    assert!(db.props.stores_credentials && !db.props.holds_logs);
    let search = d
        .flows
        .iter()
        .find(|f| f.label == "Search catalogue")
        .unwrap();
    assert_eq!(search.protocol, "HTTPS");
    assert!(search.encrypted && search.authenticated);
    let query = d.flows.iter().find(|f| f.label == "Query loans").unwrap();
    assert!(query.protocol.is_empty() && !query.encrypted);
    let results = d.flows.iter().find(|f| f.label == "Results").unwrap();
    assert_eq!(d.element(&results.to).unwrap().name, "Member's browser");
    assert_eq!(results.waypoints, [(220.0, 250.0)], "the bent connector");
    let names: Vec<&str> = d.boundaries.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Branch server room", "Internet"]);

    // Threat numbers are kept; the category comes from the embedded template.
    let ids: Vec<&str> = m.threats.iter().map(|t| t.id.0.as_str()).collect();
    assert_eq!(ids, ["T04", "T07", "T09", "T12"]);
    let t4 = threat(&m, "T04");
    assert_eq!(t4.title, "A fake catalogue site collects member logins");
    assert_eq!(t4.stride, [Stride::Spoofing]);
    assert_eq!(t4.status, ThreatStatus::InProgress, "Needs Investigation");
    assert_eq!(t4.priority, Some(Priority::High));
    assert_eq!(target_name(&m, "T04"), "Search catalogue");
    let t7 = threat(&m, "T07");
    assert_eq!(t7.stride, [Stride::Tampering]);
    assert_eq!(
        (t7.status, t7.response),
        (ThreatStatus::Resolved, Some(RiskResponse::Mitigate))
    );
    let justification: Vec<&str> = m.mitigations_of(t7).map(|x| x.title.as_str()).collect();
    assert_eq!(justification, ["Parameterised queries only."]);
    let t9 = threat(&m, "T09");
    assert_eq!(t9.stride, [Stride::DenialOfService]);
    assert_eq!(t9.status, ThreatStatus::Identified);
    let t12 = threat(&m, "T12");
    assert_eq!(t12.stride, [Stride::InformationDisclosure]);
    assert_eq!(t12.status, ThreatStatus::NotUseful);
    assert_eq!(
        t12.justification,
        "Results only say whether a copy is available."
    );
    assert!(
        report
            .iter()
            .any(|l| l.contains("\"Lending Template\" 1.0.0.0")),
        "{report:?}"
    );
}

/// `strider import` writes each fixture as a Strider model that `strider check` accepts; with
/// `--fail-on high`, `check` exits 1 when an open high-priority threat has no response.
#[test]
fn cli_imports_every_fixture_and_checks_it() {
    // (fixture, the format and counts line `import` prints, `check --fail-on high` exit code)
    let cases = [
        (
            "library-lending.td-v2.json",
            "(Threat Dragon v2): 1 diagram(s), 4 element(s), 3 flow(s), 1 boundary(ies), \
             3 threat(s), 2 mitigation(s), 0 assumption(s)",
            1,
        ),
        (
            "library-lending.td-v1.json",
            "(Threat Dragon v1): 1 diagram(s), 3 element(s), 3 flow(s), 1 boundary(ies), \
             3 threat(s), 2 mitigation(s), 0 assumption(s)",
            1,
        ),
        (
            "library-lending.tc.json",
            "(Threat Composer): 1 diagram(s), 0 element(s), 0 flow(s), 0 boundary(ies), \
             3 threat(s), 3 mitigation(s), 2 assumption(s)",
            // Its one high-priority threat is resolved.
            0,
        ),
        (
            "library-lending.tm7",
            "(Microsoft Threat Modeling Tool): 1 diagram(s), 3 element(s), 3 flow(s), \
             2 boundary(ies), 4 threat(s), 1 mitigation(s), 1 assumption(s)",
            1,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, summary, gated) in cases {
        let input = crate::fixture(name);
        let ron = dir.path().join(format!("{name}.ron"));
        let (input, ron) = (input.to_str().unwrap(), ron.to_str().unwrap());
        let out = crate::strider(&["import", input, "-o", ron]);
        let err = crate::stderr(&out);
        assert!(out.status.success(), "{name}: {err}");
        assert!(err.contains(summary), "{name}: {err}");
        // What was written is a Strider model with the same content as the library's import.
        let saved = strider::io::load(std::path::Path::new(ron)).unwrap();
        assert_eq!(saved, open(&crate::fixture(name)).unwrap().model, "{name}");

        let check = crate::strider(&["check", ron]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{name}: {}",
            crate::stdout(&check)
        );
        let check = crate::strider(&["check", ron, "--fail-on", "high"]);
        assert_eq!(
            check.status.code(),
            Some(gated),
            "{name}: {}",
            crate::stdout(&check)
        );
    }
}
