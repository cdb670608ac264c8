#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_ios/show_users/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_users::ast::Session, current, absolute, type, relative,
                          user, host, idle, location)
