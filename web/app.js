// app: placeholder until the page lands
