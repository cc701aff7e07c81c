//! Bad input through the real binary: for each mistake an editor can make,
//! the good fixture is built into public/ first, then one thing is broken
//! and `cpsite build` must exit 1, name the file (and line) on stderr, and
//! leave public/ exactly as it was.

mod common;

use common::*;
use std::path::Path;

/// Takes the good fixture with its build in `<site>/public`, applies `break_it`, runs
/// `cpsite build --root <site>` with `extra` arguments and checks that it
/// failed with exit code 1 without touching public/. Returns stderr.
fn rejected_with(extra: &[&str], break_it: impl FnOnce(&Path)) -> String {
    // The good fixture built once into its public/, copied with it.
    let good = shared_good_build();
    assert!(
        good.report.warnings.is_empty(),
        "the good fixture has warnings:\n{}",
        good.report.warnings
    );
    let site = temp();
    let root = site.path();
    copy_tree(&good.root, root);
    let public = root.join("public");
    let before = snapshot(&public);
    assert_same_tree(&snapshot(&good.out), &before, "the copied public/");
    assert!(
        before.contains_key("index.html"),
        "the good build wrote no index.html"
    );

    break_it(root);
    let run = run_build(root, extra);
    assert_eq!(
        run.code,
        Some(1),
        "cpsite build should fail with exit code 1\nstderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error"),
        "stderr does not report an error:\n{}",
        run.stderr
    );
    assert_same_tree(
        &before,
        &snapshot(&public),
        "public/ after the failed build",
    );
    let leftovers = entries_starting_with(root, ".public");
    assert!(leftovers.is_empty(), "the failed build left {leftovers:?}");
    run.stderr
}

fn rejected(break_it: impl FnOnce(&Path)) -> String {
    rejected_with(&[], break_it)
}

/// Fails unless stderr holds every one of `needles`.
fn assert_reports(stderr: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "stderr does not contain {needle:?}:\n{stderr}"
        );
    }
}

/// The line a partner entry will have when appended to 2021.yaml.
fn next_line_of_2021() -> usize {
    PARTNERS_2021.lines().count() + 1
}

#[test]
fn malformed_front_matter_yaml() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/x.en.md",
            "---\ndate: 2021-12-16\ntitle: Colons: are not allowed here\n---\nBody.\n",
        )
    });
    assert_reports(&stderr, &["content/news/x.en.md:3"]);
}

#[test]
fn malformed_site_yaml() {
    let line = line_of(SITE_YAML, "base_url:");
    let stderr = rejected(|root| {
        edit_file(
            root,
            "content/site.yaml",
            "base_url: https://example.org/\n",
            "base_url: https://example.org/: oops\n",
        )
    });
    assert_reports(&stderr, &[&format!("content/site.yaml:{line}")]);
}

#[test]
fn unknown_key_in_site_yaml() {
    let line = SITE_YAML.lines().count() + 1;
    let stderr = rejected(|root| append_file(root, "content/site.yaml", "titel: oops\n"));
    assert_reports(&stderr, &[&format!("content/site.yaml:{line}"), "titel"]);
}

#[test]
fn missing_title() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/x.en.md",
            "---\ndate: 2021-12-16\n---\nBody.\n",
        )
    });
    assert_reports(&stderr, &["content/news/x.en.md", "title"]);
}

#[test]
fn missing_date() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/x.en.md",
            "---\ntitle: No date\n---\nBody.\n",
        )
    });
    assert_reports(&stderr, &["content/news/x.en.md", "date"]);
}

#[test]
fn date_that_is_not_a_date() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/x.en.md",
            "---\ntitle: Wrong date\ndate: 16/12/2021\n---\nBody.\n",
        )
    });
    assert_reports(&stderr, &["content/news/x.en.md:3", "16/12/2021"]);
}

#[test]
fn unknown_language_suffix() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/x.fr.md",
            release("En français", "2021-12-16", "Texte.\n"),
        )
    });
    assert_reports(&stderr, &["content/news/x.fr.md", "`fr`"]);
}

#[test]
fn uppercase_slug() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/pages/About.en.md",
            "---\ntitle: About\n---\nText.\n",
        )
    });
    assert_reports(&stderr, &["content/pages/About.en.md"]);
}

#[test]
fn non_ascii_slug() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/清潔.en.md",
            release("Clean", "2021-12-16", "Text.\n"),
        )
    });
    assert_reports(&stderr, &["content/news/清潔.en.md"]);
}

#[test]
fn two_files_for_the_same_slug_and_language() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/a.en.md",
            release("First", "2021-12-16", "One.\n"),
        );
        write_file(
            root,
            "content/news/2021/a.en.md",
            release("Second", "2021-12-17", "Two.\n"),
        );
    });
    assert_reports(
        &stderr,
        &["content/news/a.en.md", "content/news/2021/a.en.md"],
    );
}

#[test]
fn partner_name_that_is_neither_a_text_nor_one_per_language() {
    let line = next_line_of_2021();
    let stderr = rejected(|root| {
        append_file(
            root,
            "content/partners/2021.yaml",
            "  - name: [Listed Ltd, 列表公司]\n    category: excellent\n",
        )
    });
    assert_reports(
        &stderr,
        &[
            &format!("content/partners/2021.yaml:{line}"),
            "partners[6].name",
            "expected a text, or one text per language",
            "name: { en:",
        ],
    );
    assert!(!stderr.contains("variant"), "{stderr}");
}

#[test]
fn site_description_that_is_neither_a_text_nor_one_per_language() {
    let line = line_of(SITE_YAML, "description:");
    let stderr = rejected(|root| {
        edit_file(
            root,
            "content/site.yaml",
            "description:\n  en: A fixture site for the integration tests.\n  tc: 整合測試用的網站。\n",
            "description: [A fixture site, 測試網站]\n",
        )
    });
    assert_reports(
        &stderr,
        &[
            &format!("content/site.yaml:{line}"),
            "expected a text, or one text per language",
            "{ en:",
            // The hint, not only the message.
            "in quotes if it holds",
        ],
    );
}

#[test]
fn partner_file_year_differs_from_its_name() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/partners/2019.yaml",
            "# The list of 2019.\nyear: 2018\npartners:\n  - name: { en: Year Mismatch Ltd, tc: 年份不符公司 }\n    category: excellent\n",
        )
    });
    assert_reports(&stderr, &["content/partners/2019.yaml:2", "2018"]);
}

#[test]
fn unknown_partner_category() {
    let line = next_line_of_2021();
    let stderr = rejected(|root| {
        append_file(
            root,
            "content/partners/2021.yaml",
            "  - name: { en: Platinum Ltd, tc: 白金公司 }\n    category: platinum\n",
        )
    });
    assert_reports(
        &stderr,
        &[&format!("content/partners/2021.yaml:{line}"), "platinum"],
    );
}

#[test]
fn partner_without_a_name() {
    let line = next_line_of_2021();
    let stderr = rejected(|root| {
        append_file(
            root,
            "content/partners/2021.yaml",
            "  - category: excellent\n    location: { en: Dongguan, tc: 東莞 }\n",
        )
    });
    assert_reports(
        &stderr,
        &[&format!("content/partners/2021.yaml:{line}"), "name"],
    );
}

#[test]
fn same_partner_twice_in_a_year() {
    let line = next_line_of_2021();
    let stderr = rejected(|root| {
        append_file(
            root,
            "content/partners/2021.yaml",
            "  - name: { en: Gamma Manufacturing, tc: 伽瑪製造廠 }\n    category: excellent\n",
        )
    });
    assert_reports(
        &stderr,
        &[
            &format!("content/partners/2021.yaml:{line}"),
            "Gamma Manufacturing",
        ],
    );
}

#[test]
fn template_syntax_error() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ item.title + }}</h1>\n{{ item.body | safe }}\n{% endblock main %}\n",
        )
    });
    assert_reports(&stderr, &["templates/page.html:3"]);
}

#[test]
fn every_template_with_a_syntax_error_is_reported() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ item.title + }}</h1>\n{% endblock main %}\n",
        );
        write_file(
            root,
            "templates/404.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
        )
    });
    assert_reports(&stderr, &["templates/page.html:3", "templates/404.html:3"]);
}

#[test]
fn template_with_an_undefined_variable() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ item.title }}</h1>\n<p>{{ no_such_variable }}</p>\n{{ item.body | safe }}\n{% endblock main %}\n",
        )
    });
    assert_reports(&stderr, &["templates/page.html:4", "no_such_variable"]);
}

#[test]
fn file_that_is_not_utf8() {
    let stderr = rejected(|root| {
        let mut bytes = b"---\ntitle: GB2312\ndate: 2021-12-16\n---\n".to_vec();
        // 啊 in GB2312.
        bytes.extend([0xB0, 0xA1, b'\n']);
        write_file(root, "content/news/gb.en.md", bytes);
    });
    assert_reports(&stderr, &["content/news/gb.en.md:5", "UTF-8"]);
}

#[test]
fn several_problems_are_all_reported() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/news/x.en.md",
            "---\ntitle: Wrong date\ndate: 16/12/2021\n---\nBody.\n",
        );
        write_file(
            root,
            "content/pages/contact.en.md",
            "---\nmenu: 2\n---\nNo title.\n",
        );
        append_file(
            root,
            "content/partners/2021.yaml",
            "  - name: { en: Platinum Ltd, tc: 白金公司 }\n    category: platinum\n",
        );
    });
    assert_reports(
        &stderr,
        &[
            "content/news/x.en.md:3",
            "content/pages/contact.en.md",
            "content/partners/2021.yaml",
            "platinum",
            "3 errors",
        ],
    );
}

#[test]
fn strict_fails_on_a_missing_translation() {
    let english_only = |root: &Path| {
        write_file(
            root,
            "content/news/english-only.en.md",
            release(
                "Only in English",
                "2021-08-01 10:00",
                "No Chinese version.\n",
            ),
        )
    };
    let stderr = rejected_with(&["--strict"], english_only);
    assert_reports(&stderr, &["english-only"]);

    // Without --strict the same site builds, with a warning.
    let site = good_site();
    english_only(site.path());
    let run = run_build(site.path(), &[]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_reports(&run.stderr, &["warning", "english-only"]);
    assert!(exists(
        &site.path().join("public"),
        "en/news/english-only/index.html"
    ));
}

#[test]
fn good_site_builds_with_the_binary() {
    let site = good_site();
    let out = site.path().join("elsewhere");
    let out_arg = out.to_string_lossy().into_owned();
    let run = run_build(site.path(), &["--strict", "--out", &out_arg]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("error"), "stderr:\n{}", run.stderr);
    assert!(exists(&out, "index.html"));
    assert!(exists(&out, &format!("sc/news/{MAIN}/index.html")));
    assert!(!site.path().join("public").exists(), "--out was ignored");
}
