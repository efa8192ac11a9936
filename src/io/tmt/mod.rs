//! Microsoft Threat Modeling Tool models (`.tm7`): .NET DataContract XML with the template
//! ("knowledge base") embedded. Read only: writing `.tm7` needs TMT's own template to round-trip.

mod kb;
mod read;
mod xml;

pub(crate) use read::read;
