#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_asa/show_access-list/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_asa::show_access_list::ast::Header, elements, name_hash)
