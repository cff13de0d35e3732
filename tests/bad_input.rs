//! Bad input never panics, aborts or hangs: `form4 extract` answers each
//! with one line on stderr naming the problem and the exit code of its kind.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestPdf, annual_report, font_missing_widths, form, helvetica, name, replace_bytes, text_at, zlib_bomb};
use pdf_extract::{Dictionary, Object, Stream};

/// How long one run may take before it counts as hung, in seconds. A guard
/// against hangs, generous for slow CI machines, not a speed target.
const HANG_GUARD: Duration = Duration::from_secs(20);
/// How often the runner checks whether the process has ended.
const POLL: Duration = Duration::from_millis(20);

/// Exit codes of `form4 extract` (see `form4 --help`).
const UNREADABLE: i32 = 3;
const ENCRYPTED: i32 = 4;
const TOO_LARGE: i32 = 5;
const NOT_A_FORM: i32 = 6;

/// A real EDGAR filing printed to PDF, cut short by the truncation test.
const REAL_FILING: &str = "/work/shared/corpus/dev/real-html/rh-danielsobrado_MSFT_Form4_Example.pdf";

/// Encrypted fixtures made with qpdf (see fixtures/bad/README.md).
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/bad");

struct Outcome {
    code: i32,
    stderr: String,
}

/// Run `form4 extract` on `bytes`; fails the test when it outlives `HANG_GUARD`
/// or dies from a signal (an abort or a stack overflow).
fn extract(bytes: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.pdf");
    std::fs::write(&input, bytes).unwrap();
    run_extract(&input, dir.path())
}

fn run_extract(input: &Path, dir: &Path) -> Outcome {
    // Output goes to files so a full pipe cannot stall the child.
    let stdout = std::fs::File::create(dir.join("stdout")).unwrap();
    let stderr = std::fs::File::create(dir.join("stderr")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_form4"))
        .arg("extract")
        .arg(input)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG_GUARD {
            child.kill().unwrap();
            panic!("form4 extract still running after {HANG_GUARD:?}");
        }
        std::thread::sleep(POLL);
    };
    let stderr = std::fs::read_to_string(dir.join("stderr")).unwrap();
    let code = status.code().unwrap_or_else(|| panic!("form4 extract died from a signal ({status}); stderr: {stderr}"));
    Outcome { code, stderr }
}

/// The run failed with `code`, and stderr is one line that contains `needle`
/// (case-insensitive) and no panic message.
fn assert_error(outcome: &Outcome, code: i32, needle: &str) {
    let stderr = &outcome.stderr;
    assert_eq!(outcome.code, code, "exit code; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "panic message on stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "stderr should be one line: {stderr}");
    assert!(stderr.to_lowercase().contains(&needle.to_lowercase()), "stderr should name {needle:?}: {stderr}");
}

/// A readable PDF that is no Form 3/4/5 reaches the mapping stage.
fn assert_not_a_form(outcome: &Outcome) {
    assert_error(outcome, NOT_A_FORM, "not a Form 3/4/5");
}

/// Deterministic noise (a linear congruential generator), `len` bytes.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 56) as u8
        })
        .collect()
}

#[test]
fn empty_file() {
    assert_error(&extract(b""), UNREADABLE, "empty");
}

#[test]
fn random_bytes() {
    assert_error(&extract(&noise(64 << 10, 7)), UNREADABLE, "not a PDF");
}

#[test]
fn png_image() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";
    assert_error(&extract(png), UNREADABLE, "not a PDF");
}

#[test]
fn text_file() {
    assert_error(&extract(b"FORM 4\nStatement of changes in beneficial ownership\n"), UNREADABLE, "not a PDF");
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_error(&run_extract(&dir.path().join("absent.pdf"), dir.path()), UNREADABLE, "cannot read");
}

#[test]
fn header_only() {
    assert_error(&extract(b"%PDF-1.7\n"), UNREADABLE, "cannot be parsed");
}

/// A real filing cut at several points: unreadable, or (when lopdf rebuilds
/// enough of it) read as far as it goes; never a crash.
#[test]
fn truncated_real_filing() {
    let bytes = std::fs::read(REAL_FILING).unwrap_or_else(|e| panic!("{REAL_FILING}: {e} (the shared corpus is needed)"));
    for fraction in [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99] {
        let cut = (bytes.len() as f64 * fraction) as usize;
        let outcome = extract(&bytes[..cut]);
        assert!(!outcome.stderr.contains("panicked"), "cut at {cut}: {}", outcome.stderr);
        match outcome.code {
            UNREADABLE => assert_error(&outcome, UNREADABLE, "unreadable input"),
            NOT_A_FORM => assert_not_a_form(&outcome),
            // Only the tail (or nothing that matters) was lost.
            0 => assert!(fraction > 0.5, "cut at {cut} of {} still extracted", bytes.len()),
            code => panic!("cut at {cut}: exit {code}, stderr: {}", outcome.stderr),
        }
    }
}

#[test]
fn encrypted_with_user_password() {
    for file in ["user-password-rc4-128.pdf", "user-password-aes-256.pdf"] {
        let outcome = run_extract(&Path::new(FIXTURES).join(file), tempfile::tempdir().unwrap().path());
        assert_error(&outcome, ENCRYPTED, "encrypted");
    }
}

/// Only an owner password (the user password is empty): the file opens
/// like any other and reaches the mapping stage.
#[test]
fn encrypted_with_owner_password_only() {
    for file in ["owner-password-rc4-40.pdf", "owner-password-rc4-128.pdf", "owner-password-aes-128.pdf", "owner-password-aes-256.pdf"] {
        let outcome = run_extract(&Path::new(FIXTURES).join(file), tempfile::tempdir().unwrap().path());
        assert_not_a_form(&outcome);
    }
}

/// A page with only a drawn rectangle: no text and no image to OCR.
#[test]
fn page_without_text() {
    assert_not_a_form(&extract(&TestPdf::new("0 0 0 rg 100 100 200 50 re f\n").save()));
}

#[test]
fn document_that_is_not_a_form() {
    assert_not_a_form(&extract(&annual_report()));
}

#[test]
fn trailing_garbage() {
    let mut bytes = annual_report();
    bytes.extend(noise(16 << 10, 3));
    assert_not_a_form(&extract(&bytes));
}

/// `startxref` points into the middle of the file, not at the cross-reference
/// stream: lopdf rebuilds the table by scanning the file, or the file is
/// unreadable.
#[test]
fn broken_xref() {
    let bytes = annual_report();
    let at = bytes.windows(10).rposition(|w| w == b"startxref\n").unwrap() + 10;
    let end = at + bytes[at..].iter().position(|b| !b.is_ascii_digit()).unwrap();
    let broken = [&bytes[..at], b"9", &bytes[end..]].concat();
    let outcome = extract(&broken);
    match outcome.code {
        UNREADABLE => assert_error(&outcome, UNREADABLE, "cannot be parsed"),
        _ => assert_not_a_form(&outcome),
    }
}

/// 100 000 nested arrays and dictionaries in a content stream (lopdf's
/// content parser bounds its depth; the page's other text is kept).
#[test]
fn deeply_nested_content() {
    const DEPTH: usize = 100_000;
    let content = text_at("Annual Report", 72.0, 720.0, 12.0) + &"[".repeat(DEPTH) + &"]".repeat(DEPTH) + " pop\n" + &"<</A ".repeat(DEPTH) + &">>".repeat(DEPTH) + " pop\n";
    assert_not_a_form(&extract(&TestPdf::new(&content).save()));
}

/// 100 000 nested arrays as an object of the file itself (in the trailer).
#[test]
fn deeply_nested_object() {
    const DEPTH: usize = 100_000;
    let mut pdf = TestPdf::new(&text_at("Annual Report", 72.0, 720.0, 12.0));
    pdf.document.trailer.set("Nested", name("NESTED"));
    let nested = "[".repeat(DEPTH) + &"]".repeat(DEPTH);
    let outcome = extract(&replace_bytes(&pdf.save(), b"/NESTED", nested.as_bytes()));
    match outcome.code {
        UNREADABLE => assert_error(&outcome, UNREADABLE, "cannot be parsed"),
        _ => assert_not_a_form(&outcome),
    }
}

/// A form XObject whose resources name itself, drawn by its own content.
#[test]
fn self_referencing_form_xobject() {
    let mut pdf = TestPdf::new(&(text_at("Annual Report", 72.0, 720.0, 12.0) + "/X0 Do\n"));
    let id = pdf.document.new_object_id();
    let mut fonts = Dictionary::new();
    fonts.set("F1", pdf.document.add_object(helvetica()));
    let mut xobjects = Dictionary::new();
    xobjects.set("X0", id);
    let mut resources = Dictionary::new();
    resources.set("Font", fonts);
    resources.set("XObject", xobjects);
    let content = text_at("Again", 72.0, 600.0, 12.0) + "/X0 Do\n";
    pdf.document.objects.insert(id, Object::Stream(form(content.as_bytes(), Some(resources))));
    pdf.add_xobject("X0", id);
    assert_not_a_form(&extract(&pdf.save()));
}

/// Two forms that draw each other through the page's resources (neither
/// has resources of its own, so both inherit the page's).
#[test]
fn form_xobject_cycle_through_inherited_resources() {
    let mut pdf = TestPdf::new("/A Do\n");
    let a = pdf.document.add_object(form(b"/B Do\n", None));
    let b = pdf.document.add_object(form(b"/A Do\n", None));
    pdf.add_xobject("A", a);
    pdf.add_xobject("B", b);
    assert_not_a_form(&extract(&pdf.save()));
}

/// Forms that each draw the next one ten times, twelve deep: 10^12 draws
/// if walked naively.
#[test]
fn form_xobject_fan_out() {
    const LEVELS: usize = 12;
    let mut pdf = TestPdf::new("/L0 Do\n");
    for level in 0..LEVELS {
        let content = if level + 1 == LEVELS { text_at("Leaf", 10.0, 10.0, 8.0) } else { format!("/L{} Do\n", level + 1).repeat(10) };
        let id = pdf.document.add_object(form(content.as_bytes(), None));
        pdf.add_xobject(&format!("L{level}"), id);
    }
    assert_not_a_form(&extract(&pdf.save()));
}

/// Megabytes a bomb inflates to: far beyond any page's content.
const BOMB_MIB: usize = 1024;

#[test]
fn zlib_bomb_page_content() {
    let mut pdf = TestPdf::new("");
    let bomb = pdf.document.add_object(zlib_bomb(Dictionary::new(), BOMB_MIB));
    pdf.page_mut().set("Contents", bomb);
    assert_error(&extract(&pdf.save()), TOO_LARGE, "inflates");
}

#[test]
fn zlib_bomb_form_xobject() {
    let mut pdf = TestPdf::new(&(text_at("Annual Report", 72.0, 720.0, 12.0) + "/X0 Do\n"));
    let mut dict = form(b"", None).dict;
    dict.remove(b"Length");
    let bomb = pdf.document.add_object(zlib_bomb(dict, BOMB_MIB));
    pdf.add_xobject("X0", bomb);
    assert_error(&extract(&pdf.save()), TOO_LARGE, "inflates");
}

#[test]
fn zlib_bomb_to_unicode_cmap() {
    let mut pdf = TestPdf::new(&text_at("Annual Report", 72.0, 720.0, 12.0));
    let cmap = pdf.document.add_object(zlib_bomb(Dictionary::new(), BOMB_MIB));
    let mut font = helvetica();
    font.set("ToUnicode", cmap);
    let font = pdf.document.add_object(font);
    pdf.resources_mut().get_mut(b"Font").and_then(Object::as_dict_mut).unwrap().set("F1", font);
    assert_error(&extract(&pdf.save()), TOO_LARGE, "inflates");
}

/// An object stream (which lopdf unpacks while loading the file) that
/// inflates to a gigabyte.
#[test]
fn zlib_bomb_object_stream() {
    let mut pdf = TestPdf::new(&text_at("Annual Report", 72.0, 720.0, 12.0));
    let mut dict = Dictionary::new();
    // lopdf does not save object streams: renamed after saving.
    dict.set("Type", name("ObjStX"));
    dict.set("N", 1);
    dict.set("First", 4);
    pdf.document.add_object(zlib_bomb(dict, BOMB_MIB));
    let bytes = replace_bytes(&pdf.save(), b"/ObjStX", b"/ObjStm");
    assert_error(&extract(&bytes), TOO_LARGE, "inflates");
}

/// Ten times as many pages as a file may have (`form4::pdf::MAX_PAGES`).
#[test]
fn huge_page_count() {
    const PAGES: usize = 2_000;
    let contents = vec![""; PAGES];
    assert_error(&extract(&TestPdf::with_pages(&contents).save()), TOO_LARGE, "pages");
}

/// A page of tens of thousands of tiny strokes and text runs reads in
/// reasonable time.
#[test]
fn page_with_many_operations() {
    const OPERATIONS: usize = 20_000;
    let mut content = String::new();
    for i in 0..OPERATIONS {
        let (x, y) = ((i % 100) as f64 * 6.0, (i / 100) as f64 * 4.0 % 792.0);
        content += &format!("{x} {y} m {} {y} l S\n", x + 0.5);
        content += &format!("BT /F1 1 Tf {x} {y} Td (.) Tj ET\n");
    }
    assert_not_a_form(&extract(&TestPdf::new(&content).save()));
}

/// The page tree's root names the page as its parent: every inherited
/// attribute lookup runs in a circle (the page has no MediaBox or
/// Resources of its own).
#[test]
fn page_tree_parent_cycle() {
    let mut pdf = TestPdf::new(&text_at("Annual Report", 72.0, 720.0, 12.0));
    let (page_id, pages_id) = (pdf.page, pdf.pages);
    let page = pdf.page_mut();
    page.remove(b"MediaBox");
    page.remove(b"Resources");
    pdf.document.get_object_mut(pages_id).and_then(Object::as_dict_mut).unwrap().set("Parent", page_id);
    assert_not_a_form(&extract(&pdf.save()));
}

/// The page tree lists itself among its kids.
#[test]
fn page_tree_kids_cycle() {
    let mut pdf = TestPdf::new(&text_at("Annual Report", 72.0, 720.0, 12.0));
    let pages_id = pdf.pages;
    let tree = pdf.document.get_object_mut(pages_id).and_then(Object::as_dict_mut).unwrap();
    tree.get_mut(b"Kids").and_then(Object::as_array_mut).unwrap().push(Object::Reference(pages_id));
    assert_not_a_form(&extract(&pdf.save()));
}

/// A font that lacks widths: pdf-extract panics inside, which must stay
/// silent.
#[test]
fn font_without_widths() {
    let mut pdf = TestPdf::new(&text_at("ABC", 72.0, 720.0, 12.0));
    let font = pdf.document.add_object(font_missing_widths());
    pdf.resources_mut().get_mut(b"Font").and_then(Object::as_dict_mut).unwrap().set("F1", font);
    assert_not_a_form(&extract(&pdf.save()));
}

/// A content stream that is not valid content at all.
#[test]
fn garbage_content_stream() {
    let mut pdf = TestPdf::new("");
    let garbage = pdf.document.add_object(Stream::new(Dictionary::new(), noise(8 << 10, 11)));
    pdf.page_mut().set("Contents", garbage);
    assert_not_a_form(&extract(&pdf.save()));
}
