//! Which tool wrote a file, judged by its content.

use super::ImportError;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    ThreatDragonV1,
    ThreatDragonV2,
    ThreatComposer,
    Tmt,
    Otm,
    TmBom,
    DrawIo,
    Threagile,
}

impl Foreign {
    pub fn label(self) -> &'static str {
        match self {
            Foreign::ThreatDragonV1 => "Threat Dragon v1",
            Foreign::ThreatDragonV2 => "Threat Dragon v2",
            Foreign::ThreatComposer => "Threat Composer",
            Foreign::Tmt => "Microsoft Threat Modeling Tool",
            Foreign::Otm => "Open Threat Model (OTM)",
            Foreign::TmBom => "TM-BOM (OWASP Threat Model Library)",
            Foreign::DrawIo => "draw.io",
            Foreign::Threagile => "Threagile",
        }
    }
}

pub(crate) enum Parsed {
    /// JSON, or YAML read into the same tree.
    Json(Foreign, Value),
    Xml,
}

/// Recognises the format; JSON and YAML are parsed once here and handed on.
pub(crate) fn detect(text: &str, path: &str) -> Result<Parsed, ImportError> {
    match text.trim_start().chars().next() {
        Some('<') => Ok(Parsed::Xml),
        Some('{') | Some('[') => {
            let value: Value = serde_json::from_str(text).map_err(|e| {
                ImportError::at(path, e.line(), e.column(), format!("malformed JSON: {e}"))
            })?;
            json_format(&value, path).map(|f| Parsed::Json(f, value))
        }
        None => Err(ImportError::new(path, "the file is empty")),
        Some(_) => {
            let value = super::yaml::parse(text, path)?;
            yaml_format(&value, path).map(|f| Parsed::Json(f, value))
        }
    }
}

/// Anything that is neither JSON nor XML is read as YAML: Threagile models, and OTM written
/// in YAML. A YAML list is no model (Threat Composer's bare lists are JSON only).
fn yaml_format(value: &Value, path: &str) -> Result<Foreign, ImportError> {
    let object = value.as_object();
    let has = |k: &str| object.is_some_and(|o| o.contains_key(k));
    if has("otmVersion") {
        Ok(Foreign::Otm)
    } else if is_threagile(value) {
        Ok(Foreign::Threagile)
    } else {
        Err(ImportError::new(
            path,
            "not a model Strider reads: as YAML it is neither a Threagile model (no \
             `threagile_version` or `technical_assets`) nor an Open Threat Model (no \
             `otmVersion`); Strider also reads Threat Dragon, Threat Composer and TM-BOM (JSON) \
             and TMT and draw.io (XML) files",
        ))
    }
}

fn is_threagile(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|o| o.contains_key("threagile_version") || o.contains_key("technical_assets"))
}

fn json_format(value: &Value, path: &str) -> Result<Foreign, ImportError> {
    let Some(object) = value.as_object() else {
        // Threat Composer's pre-versioning exports are a bare list of threats.
        return match value {
            Value::Array(_) => Ok(Foreign::ThreatComposer),
            _ => Err(ImportError::new(path, "expected a JSON object")),
        };
    };
    let has = |k: &str| object.contains_key(k);
    if has("otmVersion") {
        return Ok(Foreign::Otm);
    }
    if is_threagile(value) {
        return Ok(Foreign::Threagile);
    }
    if has("runs") && (has("version") || has("$schema")) {
        return Err(ImportError::new(
            path,
            "this is a SARIF log (a code scanner's results), not a threat model; Strider \
             writes its open threats as SARIF with `strider export MODEL -o threats.sarif`",
        ));
    }
    let schema = object.get("$schema").and_then(Value::as_str).unwrap_or("");
    if schema.contains("json-schema.org") {
        let title = object
            .get("title")
            .or_else(|| object.get("$id"))
            .and_then(Value::as_str)
            .unwrap_or("untitled");
        return Err(ImportError::new(
            path,
            format!(
                "this is a JSON Schema ({title}), which describes a format, not a threat model"
            ),
        ));
    }
    if has("bomFormat") {
        return Err(ImportError::new(
            path,
            "this is a CycloneDX bill of materials, not a threat model",
        ));
    }
    if (has("scope") || has("trust_zones")) && has("data_flows") {
        return Ok(Foreign::TmBom);
    }
    if has("schema") || has("threats") && !has("detail") {
        return Ok(Foreign::ThreatComposer);
    }
    if has("summary") || has("detail") || has("details") || has("summarize") {
        let diagrams = object
            .get("detail")
            .and_then(|d| d.get("diagrams"))
            .and_then(Value::as_array);
        let cells = diagrams.is_some_and(|ds| ds.iter().any(|d| d.get("cells").is_some()));
        let v1 = !cells
            && object
                .get("version")
                .and_then(Value::as_str)
                .is_none_or(|v| v.starts_with("1."));
        return Ok(if v1 {
            Foreign::ThreatDragonV1
        } else {
            Foreign::ThreatDragonV2
        });
    }
    Err(ImportError::new(
        path,
        "a JSON file, but not a Threat Dragon model (no `summary`/`detail`), a Threat \
         Composer workspace (no `schema`), an Open Threat Model (no `otmVersion`) nor a TM-BOM \
         (no `scope`/`trust_zones` with `data_flows`)",
    ))
}
