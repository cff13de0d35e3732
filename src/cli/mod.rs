//! One module per subcommand.

pub mod batch;
pub mod extract;
pub mod from_xml;
pub mod eval;
pub mod schema;
pub mod inspect;
