//! Starter data flow diagrams, so a team begins near its own system (File > New from template,
//! `strider new --template`): six common architectures, each with its trust boundaries, the
//! technology of every element and the protocol of every flow set, and no threats yet.
//! Written as plain tables here and laid out by `diagram::tidy` when built.

use crate::diagram::tidy;
use crate::model::{Boundary, Diagram, Element, ElementKind, Flow, Id, Model};

/// A trust zone: id, name and the zone it sits in.
type Zone = (&'static str, &'static str, Option<&'static str>);
/// An element: id, kind, name, technology and the zone it sits in.
type Node = (
    &'static str,
    ElementKind,
    &'static str,
    &'static str,
    Option<&'static str>,
);
/// A flow: from, to, what it carries, protocol, and whether it is encrypted and authenticated.
type Link = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    bool,
);

pub struct Template {
    pub name: &'static str,
    /// One line on what the system is, shown beside the name.
    pub summary: &'static str,
    zones: &'static [Zone],
    nodes: &'static [Node],
    links: &'static [Link],
}

use ElementKind::{Actor, Process, Store};

pub const TEMPLATES: &[Template] = &[
    Template {
        name: "Serverless API",
        summary: "API Gateway, Lambda and DynamoDB behind Cognito sign-in",
        zones: &[
            ("B1", "AWS account", None),
            ("B2", "Backend services", Some("B1")),
        ],
        nodes: &[
            ("E1", Actor, "Customer", "Web browser", None),
            ("P1", Process, "Sign-in", "Amazon Cognito", Some("B1")),
            ("P2", Process, "REST API", "Amazon API Gateway", Some("B1")),
            ("P3", Process, "Handler", "AWS Lambda", Some("B2")),
            ("D1", Store, "Orders table", "Amazon DynamoDB", Some("B2")),
            (
                "D2",
                Store,
                "Function logs",
                "Amazon CloudWatch Logs",
                Some("B2"),
            ),
        ],
        links: &[
            ("E1", "P1", "Credentials", "HTTPS", true, false),
            ("P1", "E1", "JWT tokens", "HTTPS", true, true),
            ("E1", "P2", "API requests with JWT", "HTTPS", true, true),
            ("P2", "P3", "Invocation event", "AWS SigV4 API", true, true),
            ("P3", "D1", "Order items", "AWS SigV4 API", true, true),
            ("P3", "D2", "Log events", "AWS SigV4 API", true, true),
        ],
    },
    Template {
        name: "Three-tier web app",
        summary: "Load balancer, application servers and a relational database in a VPC",
        zones: &[
            ("B1", "VPC", None),
            ("B2", "Public subnet", Some("B1")),
            ("B3", "Private subnet", Some("B1")),
        ],
        nodes: &[
            ("E1", Actor, "User", "Web browser", None),
            ("E2", Actor, "Administrator", "Web browser", None),
            (
                "P1",
                Process,
                "Load balancer",
                "Elastic Load Balancing",
                Some("B2"),
            ),
            (
                "P2",
                Process,
                "Web application",
                "Application server",
                Some("B3"),
            ),
            (
                "D1",
                Store,
                "Application database",
                "Amazon RDS for MySQL",
                Some("B3"),
            ),
            (
                "D2",
                Store,
                "Session cache",
                "Amazon ElastiCache for Redis",
                Some("B3"),
            ),
        ],
        links: &[
            ("E1", "P1", "Page requests", "HTTPS", true, false),
            ("E2", "P1", "Admin requests", "HTTPS", true, true),
            ("P1", "P2", "Forwarded requests", "HTTP", false, false),
            (
                "P2",
                "D1",
                "Queries and records",
                "SQL over TLS",
                true,
                true,
            ),
            ("P2", "D2", "Sessions", "Redis over TLS", true, true),
        ],
    },
    Template {
        name: "EKS microservices with a queue",
        summary: "Services on Amazon EKS behind an ingress, work handed to a worker through SQS",
        zones: &[
            ("B1", "AWS account", None),
            ("B2", "EKS cluster", Some("B1")),
        ],
        nodes: &[
            ("E1", Actor, "Client app", "Mobile app", None),
            (
                "P1",
                Process,
                "Ingress",
                "Elastic Load Balancing",
                Some("B1"),
            ),
            ("P2", Process, "Orders service", "Amazon EKS", Some("B2")),
            ("P3", Process, "Catalogue service", "Amazon EKS", Some("B2")),
            ("D1", Store, "Order queue", "Amazon SQS", Some("B1")),
            ("P4", Process, "Fulfilment worker", "AWS Lambda", Some("B1")),
            (
                "D2",
                Store,
                "Orders database",
                "Amazon RDS for MySQL",
                Some("B1"),
            ),
            (
                "D3",
                Store,
                "Service secrets",
                "AWS Secrets Manager",
                Some("B1"),
            ),
        ],
        links: &[
            ("E1", "P1", "Orders", "HTTPS", true, true),
            ("P1", "P2", "Order requests", "mTLS", true, true),
            ("P1", "P3", "Catalogue requests", "mTLS", true, true),
            (
                "P2",
                "D1",
                "Order placed events",
                "AWS SigV4 API",
                true,
                true,
            ),
            (
                "D1",
                "P4",
                "Order placed events",
                "AWS SigV4 API",
                true,
                true,
            ),
            ("P4", "D2", "Fulfilment status", "SQL over TLS", true, true),
            ("P2", "D2", "Orders", "SQL over TLS", true, true),
            (
                "P2",
                "D3",
                "Database credentials",
                "AWS SigV4 API",
                true,
                true,
            ),
        ],
    },
    Template {
        name: "IoT fleet",
        summary: "Devices reporting over MQTT to AWS IoT Core, rules into a data store",
        zones: &[
            ("B3", "Operations office", None),
            ("B1", "Devices in the field", None),
            ("B2", "AWS account", None),
        ],
        nodes: &[
            ("E2", Actor, "Fleet operator", "Web browser", Some("B3")),
            ("E1", Actor, "Sensor device", "IoT device", Some("B1")),
            ("P1", Process, "Message broker", "AWS IoT Core", Some("B2")),
            (
                "P2",
                Process,
                "Telemetry processor",
                "AWS Lambda",
                Some("B2"),
            ),
            ("P3", Process, "Operator console", "AWS Amplify", Some("B2")),
            (
                "D1",
                Store,
                "Telemetry table",
                "Amazon DynamoDB",
                Some("B2"),
            ),
            (
                "D2",
                Store,
                "Raw telemetry archive",
                "Amazon S3",
                Some("B2"),
            ),
        ],
        links: &[
            ("E1", "P1", "Telemetry", "MQTT over TLS", true, true),
            (
                "P1",
                "E1",
                "Commands and shadow updates",
                "MQTT over TLS",
                true,
                true,
            ),
            ("P1", "P2", "Rule actions", "AWS SigV4 API", true, true),
            ("P2", "D1", "Readings", "AWS SigV4 API", true, true),
            ("P1", "D2", "Raw messages", "AWS SigV4 API", true, true),
            ("E2", "P3", "Fleet commands", "HTTPS", true, true),
            ("P3", "P1", "Device jobs", "AWS SigV4 API", true, true),
        ],
    },
    Template {
        name: "Mobile backend",
        summary: "A mobile app on AppSync and Cognito with push notifications and file uploads",
        zones: &[("B1", "User's phone", None), ("B2", "AWS account", None)],
        nodes: &[
            ("E1", Actor, "Mobile app", "Mobile app", Some("B1")),
            ("P1", Process, "Identity", "Amazon Cognito", Some("B2")),
            ("P2", Process, "GraphQL API", "AWS AppSync", Some("B2")),
            ("P3", Process, "Push service", "Amazon SNS", Some("B2")),
            ("D1", Store, "User data", "Amazon DynamoDB", Some("B2")),
            ("D2", Store, "Uploaded photos", "Amazon S3", Some("B2")),
        ],
        links: &[
            ("E1", "P1", "Sign-in", "HTTPS", true, false),
            ("E1", "P2", "Queries and mutations", "HTTPS", true, true),
            ("P2", "D1", "Records", "AWS SigV4 API", true, true),
            (
                "E1",
                "D2",
                "Photo uploads (pre-signed URL)",
                "HTTPS",
                true,
                true,
            ),
            ("P3", "E1", "Push notifications", "HTTPS", true, true),
        ],
    },
    Template {
        name: "Data lake",
        summary: "Ingest into S3, catalogue with Glue, query with Athena",
        zones: &[
            ("B1", "Source systems", None),
            ("B2", "Analytics account", None),
        ],
        nodes: &[
            (
                "E1",
                Actor,
                "Operational database",
                "Amazon RDS for MySQL",
                Some("B1"),
            ),
            ("E2", Actor, "Analyst", "Web browser", None),
            ("P1", Process, "Ingest job", "AWS Glue", Some("B2")),
            ("D1", Store, "Raw zone bucket", "Amazon S3", Some("B2")),
            ("D2", Store, "Curated zone bucket", "Amazon S3", Some("B2")),
            (
                "D3",
                Store,
                "Data catalogue",
                "AWS Glue Data Catalog",
                Some("B2"),
            ),
            ("P2", Process, "Query engine", "Amazon Athena", Some("B2")),
        ],
        links: &[
            ("E1", "P1", "Table exports", "SQL over TLS", true, true),
            ("P1", "D1", "Raw files", "AWS SigV4 API", true, true),
            ("D1", "P1", "Raw files", "AWS SigV4 API", true, true),
            ("P1", "D2", "Curated Parquet", "AWS SigV4 API", true, true),
            ("P1", "D3", "Table definitions", "AWS SigV4 API", true, true),
            ("E2", "P2", "SQL queries", "HTTPS", true, true),
            ("P2", "D2", "Scans", "AWS SigV4 API", true, true),
            ("P2", "D3", "Schema lookups", "AWS SigV4 API", true, true),
        ],
    },
];

/// The template's model: its elements inside their zones, laid out, no threats.
pub fn build(t: &Template) -> Model {
    let mut model = Model::new(t.name);
    model.info.description = format!("Started from the \"{}\" template: {}.", t.name, t.summary);
    let d = &mut model.diagrams[0];
    d.name = t.name.to_owned();
    place(t, None, (40.0, 60.0), d);
    for &(from, to, label, protocol, encrypted, authenticated) in t.links {
        let id = Id::from(format!("F{}", d.flows.len() + 1).as_str());
        let mut f = Flow::new(id, Id::from(from), Id::from(to), label);
        f.protocol = protocol.to_owned();
        f.encrypted = encrypted;
        f.authenticated = authenticated;
        d.flows.push(f);
    }
    // The rough packing above keeps every element in its zone; tidy orders and spaces them.
    *d = tidy::tidy(d);
    model
}

const GAP: f32 = 60.0;
const MARGIN: f32 = 40.0;

/// Packs the elements and zones inside `zone` in a row from `at`; returns the row's far corner.
fn place(t: &Template, zone: Option<&str>, at: (f32, f32), d: &mut Diagram) -> (f32, f32) {
    let (mut x, y) = at;
    let mut bottom = y;
    for &(id, kind, name, technology, z) in t.nodes {
        if z != zone {
            continue;
        }
        let mut e = Element::new(Id::from(id), kind, name, (x, y));
        e.technology = technology.to_owned();
        x += e.size.0 + GAP;
        bottom = bottom.max(y + e.size.1);
        d.elements.push(e);
    }
    for &(id, name, parent) in t.zones {
        if parent != zone {
            continue;
        }
        let inner = (x + MARGIN, y + MARGIN);
        let far = place(t, Some(id), inner, d);
        let size = (far.0 - x + MARGIN - GAP, far.1 - y + MARGIN);
        d.boundaries
            .push(Boundary::new(Id::from(id), name, (x, y), size));
        x += size.0 + GAP;
        bottom = bottom.max(y + size.1);
    }
    (x, bottom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_holds_what_the_table_puts_in_it() {
        for t in TEMPLATES {
            let m = build(t);
            let d = &m.diagrams[0];
            for &(id, .., zone) in t.nodes {
                let e = d.element(&Id::from(id)).unwrap();
                for &(bid, ..) in t.zones {
                    let b = d.boundary(&Id::from(bid)).unwrap();
                    let inside = b.rect().contains_rect(&e.rect());
                    let should = std::iter::successors(zone, |z| {
                        t.zones.iter().find(|x| x.0 == *z).and_then(|x| x.2)
                    })
                    .any(|z| z == bid);
                    assert_eq!(inside, should, "{}: {id} in {bid}", t.name);
                }
            }
        }
    }
}
