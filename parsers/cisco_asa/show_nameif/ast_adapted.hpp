#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_asa/show_nameif/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_asa::show_nameif::ast::Row, interface, nameif, security)
