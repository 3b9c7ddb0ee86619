//! The vocabulary as an automaton over stream symbols: a trie whose root is a dense table (every
//! tile starts there, so that step is one index), with each inner node's edges sorted for a
//! binary search. Built once per family from the embedded piece list.

use super::stream::{BOW, CAPS, EOW, SHIFT};

/// No node.
const NONE: u32 = u32::MAX;
/// Set on a child reference where a piece ends.
const PIECE: u32 = 1 << 31;
/// Dense root slots: the BMP, then the four markers (no piece holds an astral codepoint; the
/// build checks it).
const ROOT_SLOTS: usize = 0x1_0004;
/// A dense block: ASCII, then the four markers.
const DENSE: usize = 132;
/// Nodes with at least this many edges get a dense block.
const DENSE_FROM: usize = 12;

#[inline]
fn dense_slot(sym: u32) -> Option<usize> {
    match sym {
        0..=0x7F => Some(sym as usize),
        BOW..=CAPS => Some(128 + (sym - BOW) as usize),
        _ => None,
    }
}

/// The family's pieces and byte-fallback prefixes.
pub struct Vocab {
    /// Children of the root by symbol slot. Every child reference here and below is a node id
    /// with [`PIECE`] set when a piece ends there, so a step costs no second lookup.
    root: Vec<u32>,
    /// Per node: the range of its edges in `edges`.
    nodes: Vec<[u32; 2]>,
    /// (symbol, child), sorted by symbol within each node.
    edges: Vec<(u32, u32)>,
    /// For the nodes with ids below `dense_count` (those with many edges), a direct table of
    /// `DENSE` children for the ASCII and marker symbols, the common case, so a step is one
    /// index instead of a search (`NONE` where there is no edge).
    dense: Vec<u32>,
    dense_count: u32,
    /// Multi-byte UTF-8 prefixes that are one token, packed as `len << 24 | bytes`.
    byte_prefixes: std::collections::HashSet<u32>,
    /// The longest piece, in symbols.
    pub longest: usize,
    /// Lengths of the pieces made only of line feeds.
    pub newline_runs: Vec<usize>,
}

fn root_slot(sym: u32) -> Option<usize> {
    match sym {
        0..=0xFFFF => Some(sym as usize),
        BOW..=CAPS => Some(0x1_0000 + (sym - BOW) as usize),
        _ => None,
    }
}

/// A piece's text (markers written as U+FDD0, U+FDD1, U+FDD3, U+FDD4) as stream symbols.
fn symbols(piece: &str) -> Vec<u32> {
    piece
        .chars()
        .map(|c| match c {
            '\u{fdd0}' => BOW,
            '\u{fdd1}' => EOW,
            '\u{fdd3}' => SHIFT,
            '\u{fdd4}' => CAPS,
            c => u32::from(c),
        })
        .collect()
}

impl Vocab {
    /// Builds the automaton from piece texts and hex byte prefixes; `None` on malformed data.
    pub fn build<'a>(
        pieces: impl Iterator<Item = &'a str>,
        prefixes: impl Iterator<Item = &'a str>,
    ) -> Option<Vocab> {
        // Sorted symbol sequences build the trie without hashing: each piece shares its prefix
        // with the one before it, and every node's edges arrive in symbol order.
        let mut seqs: Vec<Vec<u32>> = pieces.map(symbols).collect();
        seqs.sort_unstable();
        seqs.dedup();
        let mut children: Vec<Vec<(u32, u32)>> = vec![Vec::new()];
        let mut terminal = vec![false];
        let mut longest = 0;
        let mut newline_runs = Vec::new();
        let mut path: Vec<u32> = vec![0];
        let mut prev: &[u32] = &[];
        for syms in &seqs {
            if syms.is_empty() || syms.iter().any(|&s| s > 0xFFFF && root_slot(s).is_none()) {
                return None;
            }
            longest = longest.max(syms.len());
            if syms.iter().all(|&s| s == u32::from('\n')) {
                newline_runs.push(syms.len());
            }
            let common = prev.iter().zip(syms).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &s in &syms[common..] {
                let parent = *path.last()? as usize;
                let node = u32::try_from(children.len()).ok()?;
                children[parent].push((s, node));
                children.push(Vec::new());
                terminal.push(false);
                path.push(node);
            }
            terminal[*path.last()? as usize] = true;
            prev = syms;
        }
        if children.len() >= PIECE as usize {
            return None;
        }
        // Renumber: nodes with a dense block first, then the rest, each in breadth-first order,
        // so the shallow nodes most walks touch sit together and a dense node's block is found
        // from its id alone (one memory access per step, not two).
        let mut order = Vec::with_capacity(children.len());
        let mut queue = std::collections::VecDeque::from([0u32]);
        while let Some(n) = queue.pop_front() {
            order.push(n);
            queue.extend(children[n as usize].iter().map(|&(_, c)| c));
        }
        let is_dense = |n: u32| children[n as usize].len() >= DENSE_FROM;
        let mut id = vec![0u32; children.len()];
        let ranked = order
            .iter()
            .filter(|&&n| is_dense(n))
            .chain(order.iter().filter(|&&n| !is_dense(n)));
        for (new, &n) in ranked.enumerate() {
            id[n as usize] = u32::try_from(new).ok()?;
        }
        let dense_count = u32::try_from(order.iter().filter(|&&n| is_dense(n)).count()).ok()?;
        let tag = |c: u32| {
            let i = id[c as usize];
            if terminal[c as usize] { i | PIECE } else { i }
        };
        let mut root = vec![NONE; ROOT_SLOTS];
        for &(s, c) in &children[0] {
            root[root_slot(s)?] = tag(c);
        }
        let mut by_id = vec![0u32; children.len()];
        for (old, &new) in id.iter().enumerate() {
            by_id[new as usize] = u32::try_from(old).ok()?;
        }
        let mut nodes = Vec::with_capacity(children.len());
        let mut edges = Vec::new();
        let mut dense = vec![NONE; dense_count as usize * DENSE];
        for (new, &old) in by_id.iter().enumerate() {
            let map = &children[old as usize];
            if (new as u32) < dense_count {
                for &(s, c) in map {
                    if let Some(slot) = dense_slot(s) {
                        dense[new * DENSE + slot] = tag(c);
                    }
                }
            }
            let from = u32::try_from(edges.len()).ok()?;
            edges.extend(map.iter().map(|&(s, c)| (s, tag(c))));
            nodes.push([from, u32::try_from(edges.len()).ok()?]);
        }
        let mut byte_prefixes = std::collections::HashSet::new();
        for hex in prefixes {
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
                .collect::<Option<Vec<u8>>>()?;
            byte_prefixes.insert(pack(&bytes)?);
        }
        newline_runs.sort_unstable();
        Some(Vocab {
            root,
            nodes,
            edges,
            dense,
            dense_count,
            byte_prefixes,
            longest,
            newline_runs,
        })
    }

    /// The node reached from the root by `sym`.
    #[inline]
    pub fn start(&self, sym: u32) -> Option<u32> {
        let c = *self.root.get(root_slot(sym)?)?;
        (c != NONE).then_some(c)
    }

    /// The node reached from `node` by `sym`.
    #[inline]
    pub fn step(&self, node: u32, sym: u32) -> Option<u32> {
        let node = node & !PIECE;
        if node < self.dense_count
            && let Some(slot) = dense_slot(sym)
        {
            let c = self.dense[node as usize * DENSE + slot];
            return (c != NONE).then_some(c);
        }
        let [from, to] = self.nodes[node as usize];
        let edges = &self.edges[from as usize..to as usize];
        if edges.len() <= 8 {
            edges.iter().find(|e| e.0 == sym).map(|e| e.1)
        } else {
            edges
                .binary_search_by_key(&sym, |e| e.0)
                .ok()
                .map(|i| edges[i].1)
        }
    }

    /// Whether a piece ends at `node`.
    #[inline]
    pub fn is_piece(&self, node: u32) -> bool {
        node & PIECE != 0
    }

    /// What one codepoint no piece covers costs: a minimum tiling of its UTF-8 bytes over the
    /// one-token prefixes, every single byte costing one.
    pub fn byte_floor(&self, c: char) -> u64 {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        let n = bytes.len();
        let mut best = [u64::MAX; 5];
        best[0] = 0;
        for end in 1..=n {
            for start in 0..end {
                let one = end - start == 1
                    || pack(&bytes[start..end]).is_some_and(|k| self.byte_prefixes.contains(&k));
                if one && best[start] != u64::MAX {
                    best[end] = best[end].min(best[start] + 1);
                }
            }
        }
        best[n]
    }
}

fn pack(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 3 {
        return None;
    }
    let mut k = (bytes.len() as u32) << 24;
    for (i, &b) in bytes.iter().enumerate() {
        k |= u32::from(b) << (8 * i);
    }
    Some(k)
}
