use crate::util::{SiteTest, select};

#[test]
fn a_generated_200_page_corpus_builds_every_page() {
    let site = SiteTest::new("corpus-200");
    rapport_corpus::write_rapport(&site.root, 200).unwrap();
    site.build(&[]).ok();
    for i in 0..200 {
        let page = rapport_corpus::page(i);
        let html = site.html(&format!("{}/{}/index.html", page.section, page.slug));
        let h1: String = select(&html, "h1")[0].text().collect();
        assert_eq!(h1, page.title, "page {i}");
    }
    for section in rapport_corpus::SECTIONS {
        let listing = site.html(&format!("{section}/index.html"));
        assert_eq!(
            select(&listing, ".page-list li").len(),
            20,
            "{section} lists its pages"
        );
    }
}
