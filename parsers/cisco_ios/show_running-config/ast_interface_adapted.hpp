#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_ios/show_running-config/ast_interface.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::Ipv4Address, address, mask, secondary)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::Ipv4Prefix, address, prefix_length,
                          secondary)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::Ipv6Address, address, prefix_length,
                          kind)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_running_config::ast::Filter, name, direction)
