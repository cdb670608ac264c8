#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_asa/show_running-config/ast_global.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_asa::show_running_config::ast::Version, software, release)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_asa::show_running_config::ast::Name, address, name)
