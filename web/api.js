// api: placeholder until the page lands
