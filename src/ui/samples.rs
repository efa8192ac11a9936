//! The sample models, built into the binary so File > Open sample works wherever Strider runs.

pub struct Sample {
    pub name: &'static str,
    pub file_name: &'static str,
    pub text: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "Connected Vehicle (workshop)",
        file_name: "connected-vehicle.ron",
        text: include_str!("../../samples/connected-vehicle.ron"),
    },
    Sample {
        name: "Serverless analytics",
        file_name: "serverless-analytics.ron",
        text: include_str!("../../samples/serverless-analytics.ron"),
    },
];
