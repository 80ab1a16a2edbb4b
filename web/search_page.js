// search_page: placeholder until the page lands
