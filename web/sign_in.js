// sign_in: placeholder until the page lands
