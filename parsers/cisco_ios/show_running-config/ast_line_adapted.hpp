#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_ios/show_running-config/ast_line.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::LineHead, type, first, last)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::LineAccessClass, acl, direction,
                          vrf_also)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::ExecTimeout, minutes, seconds)
