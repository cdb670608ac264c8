// AST -> model conversion shared by parse_ace() and the object-group handling (internal to this
// folder).
#pragma once

#include "parsers/cisco_ios/acl/ast.hpp"
#include "parsers/model/model.hpp"

namespace vtyguard::parsers::cisco_ios {

model::Address to_model(const ast::Address& a);
model::PortMatch to_model(const ast::Port& p);
void to_model(const ast::Ace& a, model::Ace& m);

}  // namespace vtyguard::parsers::cisco_ios
