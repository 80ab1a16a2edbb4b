// A real `datacat serve` (App) on an ephemeral loopback port, over a fresh data directory
// loaded with the sample catalog, driven with cpp-httplib. Tokens are made with the real
// TokenStore. A fresh server and catalog for every test; suites may tweak the
// configuration by overriding SetUp.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "server/app.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::testing {

class ServerTest : public ::testing::Test {
 protected:
  // Starts the server; `tweak` may change the configuration (auth, limits) first.
  static void start(const std::function<void(server::Config&)>& tweak = {});
  static void stop();
  void SetUp() override { start(); }
  void TearDown() override { stop(); }

  static httplib::Client client();
  // A token for `user` in `groups` (comma list), created in the server's catalog.
  static std::string token(const std::string& user, const std::string& groups, bool admin = false);
  static httplib::Headers bearer(const std::string& token);
  // PUT / PATCH a JSON body on the asset at `uri` with `token`.
  static httplib::Result put_asset(const std::string& uri, const std::string& token,
                                   const std::string& body);
  static httplib::Result patch_asset(const std::string& uri, const std::string& token,
                                     const std::string& body);
  static std::string asset_path(const std::string& uri);
  static nlohmann::json json_of(const httplib::Result& result);
  static const std::string& data_dir() { return dir_->path(); }
  static server::App& app() { return *app_; }

  // A minimal dataset owned by `owner`.
  static nlohmann::json dataset(const std::string& uri, const std::string& name,
                                const std::string& owner);

 private:
  static TempDir* dir_;
  static std::unique_ptr<server::App> app_;
};

}  // namespace datacat::testing
