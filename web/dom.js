// dom: placeholder until the page lands
