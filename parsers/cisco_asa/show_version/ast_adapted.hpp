#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_asa/show_version/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_asa::show_version::ast::Pair, a, b)
