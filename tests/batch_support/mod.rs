//! Inputs shared by the batch tests: small hand-built PDFs and a zlib bomb.

/// A valid one-page PDF (correct xref table) whose page content is
/// `content`, stored under the given stream filter (`/FlateDecode` or none).
pub fn pdf_with_content(content: &[u8], filter: Option<&str>) -> Vec<u8> {
    let filter = filter.map(|f| format!(" /Filter {f}")).unwrap_or_default();
    let objects: [Vec<u8>; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        [format!("<< /Length {}{filter} >>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

/// A small valid one-page PDF showing `text`.
pub fn tiny_pdf(text: &str) -> Vec<u8> {
    pdf_with_content(
        format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET").as_bytes(),
        None,
    )
}

/// A zlib stream that inflates to at least `len` copies of `byte`, built
/// directly as one fixed-Huffman deflate block (a literal, then matches of
/// length 258 at distance 1), so it costs about 13 bits per 258 bytes to
/// make and nothing to compress.
pub fn zlib_bomb(byte: u8, len: usize) -> Vec<u8> {
    /// Deflate's longest match, in bytes.
    const MAX_MATCH: usize = 258;
    let matches = len.div_ceil(MAX_MATCH);
    let mut bits = BitWriter::default();
    bits.push_lsb_first(1, 1); // BFINAL
    bits.push_lsb_first(1, 2); // BTYPE 01: fixed Huffman codes
    // Literal `byte` (< 144): 8-bit code 0x30 + byte.
    assert!(byte < 144);
    bits.push_msb_first(0x30 + u32::from(byte), 8);
    for _ in 0..matches {
        bits.push_msb_first(0b1100_0101, 8); // length symbol 285 = 258
        bits.push_msb_first(0, 5); // distance code 0 = distance 1
    }
    bits.push_msb_first(0, 7); // end of block (256)
    let total = 1 + matches * MAX_MATCH;
    let mut out = vec![0x78, 0x01];
    out.extend(bits.finish());
    out.extend(adler32_of_repeated(byte, total).to_be_bytes());
    out
}

/// Adler-32 of `n` copies of `byte`, in closed form.
fn adler32_of_repeated(byte: u8, n: usize) -> u32 {
    const MOD: u128 = 65521;
    let (n, v) = (n as u128, u128::from(byte));
    let a = (1 + n * v) % MOD;
    let b = (n + v * n * (n + 1) / 2) % MOD;
    ((b << 16) | a) as u32
}

#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    buffer: u64,
    filled: u32,
}

impl BitWriter {
    fn push_lsb_first(&mut self, value: u32, count: u32) {
        self.buffer |= u64::from(value) << self.filled;
        self.filled += count;
        while self.filled >= 8 {
            self.bytes.push(self.buffer as u8);
            self.buffer >>= 8;
            self.filled -= 8;
        }
    }

    fn push_msb_first(&mut self, code: u32, count: u32) {
        let reversed = code.reverse_bits() >> (32 - count);
        self.push_lsb_first(reversed, count);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.filled > 0 {
            self.bytes.push(self.buffer as u8);
        }
        self.bytes
    }
}

#[test]
fn zlib_bomb_inflates_to_the_asked_length() {
    use std::io::Read;
    let bomb = zlib_bomb(b' ', 1_000_000);
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    let mut inflated = Vec::new();
    flate2::read::ZlibDecoder::new(bomb.as_slice())
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(inflated.len(), 1 + 1_000_000usize.div_ceil(258) * 258);
    assert!(inflated.iter().all(|&b| b == b' '));
}
