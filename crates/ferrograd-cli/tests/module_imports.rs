//! No two modules of the command import each other: each names its dependencies with `crate::`,
//! and the graph of those names has no pair of files pointing at one another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn modules(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            modules(&path, &format!("{prefix}{name}::"), out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = match name.as_str() {
                "mod" => prefix.trim_end_matches("::").to_string(),
                _ => format!("{prefix}{name}"),
            };
            out.insert(module, std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn no_two_modules_import_each_other() {
    let mut files = BTreeMap::new();
    modules(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut files,
    );
    let names: BTreeSet<String> = files.keys().cloned().collect();
    // what each module names with `crate::`, as its last path segment (`crate::commands::plot`
    // names `plot`, which is re-exported at the root)
    let deps: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .map(|(m, text)| {
            let mut d = BTreeSet::new();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for part in line.split("crate::").skip(1) {
                    let path: String = part
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                        .collect();
                    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
                    for k in (1..=segs.len()).rev() {
                        let cand = segs[..k].join("::");
                        let short = segs[k - 1];
                        if names.contains(&cand) {
                            d.insert(cand);
                            break;
                        }
                        if let Some(full) =
                            names.iter().find(|n| n.rsplit("::").next() == Some(short))
                        {
                            d.insert(full.clone());
                            break;
                        }
                    }
                }
            }
            d.remove(m.as_str());
            (m.as_str(), d)
        })
        .collect();
    let mut cycles = Vec::new();
    for (a, da) in &deps {
        for b in da {
            if b.as_str() > *a && deps.get(b.as_str()).is_some_and(|db| db.contains(*a)) {
                cycles.push(format!("{a} <-> {b}"));
            }
        }
    }
    assert!(files.len() > 10, "{} modules read", files.len());
    assert!(
        cycles.is_empty(),
        "modules importing each other: {cycles:?}"
    );
}
