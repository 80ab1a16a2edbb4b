// glossary_pages: placeholder until the page lands
