#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_ios/show_running-config/ast_global.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::Domain, vrf, name)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::AaaStatement, service, list, methods)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::BlockFor, block_seconds, attempts,
                          within_seconds)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::ManagementInterface, interface,
                          protocols)
